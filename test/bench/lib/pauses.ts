import { monitorEventLoopDelay } from 'node:perf_hooks';
import { GCProfiler, getHeapStatistics } from 'node:v8';

/** What stalled this process's event loop while a measurement ran, and what made the garbage. */
export interface Pauses {
  /** Garbage-collection pauses: how many, their total and the longest, in ms. */
  gcCount: number;
  gcTotalMs: number;
  gcLongestMs: number;
  /** Young-generation collections (scavenges) among them. */
  scavenges: number;
  /** Bytes the scavenges found alive and copied or promoted, summed over them. */
  scavengeSurvivedBytes: number;
  /** Bytes allocated on the JS heap while watching (what was collected plus the growth). */
  allocatedBytes: number;
  /**
   * The 99th percentile of event-loop delay (ms): how late a ready timer ran. Null when the
   * loop never turned (work that answers without I/O, like PGlite, runs on promises alone).
   */
  loopDelayP99Ms: number | null;
}

type GcEntry = NonNullable<ReturnType<GCProfiler['stop']>>['statistics'][number];

const youngUsed = (entry: GcEntry['beforeGC']) =>
  entry.heapSpaceStatistics.find((space) => space.spaceName === 'new_space')?.spaceUsedSize ?? 0;

/**
 * Starts watching garbage-collection pauses and event-loop delay; the returned function stops
 * and reports. Used to show where a latency tail comes from, not as a target.
 */
export function watchPauses(): () => Pauses {
  const gc = new GCProfiler();
  const startUsed = getHeapStatistics().used_heap_size;
  gc.start();
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  return () => {
    delay.disable();
    const entries = gc.stop()?.statistics ?? [];
    const endUsed = getHeapStatistics().used_heap_size;
    const costs = entries.map((entry) => entry.cost / 1000);
    // What the heap held after one collection and before the next was allocated in between.
    let allocatedBytes = 0;
    let usedAfter = startUsed;
    let scavenges = 0;
    let scavengeSurvivedBytes = 0;
    for (const { gcType, beforeGC, afterGC } of entries) {
      allocatedBytes += Math.max(0, beforeGC.heapStatistics.usedHeapSize - usedAfter);
      usedAfter = afterGC.heapStatistics.usedHeapSize;
      if (gcType === 'Scavenge') {
        scavenges++;
        const oldBefore = beforeGC.heapStatistics.usedHeapSize - youngUsed(beforeGC);
        scavengeSurvivedBytes += Math.max(0, usedAfter - oldBefore);
      }
    }
    allocatedBytes += Math.max(0, endUsed - usedAfter);
    return {
      gcCount: costs.length,
      gcTotalMs: costs.reduce((sum, ms) => sum + ms, 0),
      gcLongestMs: costs.length ? Math.max(...costs) : 0,
      scavenges,
      scavengeSurvivedBytes,
      allocatedBytes,
      loopDelayP99Ms: delay.count > 0 ? delay.percentile(99) / 1e6 : null,
    };
  };
}
