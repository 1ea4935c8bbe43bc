import { monitorEventLoopDelay } from 'node:perf_hooks';
import { GCProfiler } from 'node:v8';

/** What stalled this process's event loop while a measurement ran. */
export interface Pauses {
  /** Garbage-collection pauses: how many, their total and the longest, in ms. */
  gcCount: number;
  gcTotalMs: number;
  gcLongestMs: number;
  /**
   * The 99th percentile of event-loop delay (ms): how late a ready timer ran. Null when the
   * loop never turned (work that answers without I/O, like PGlite, runs on promises alone).
   */
  loopDelayP99Ms: number | null;
}

/**
 * Starts watching garbage-collection pauses and event-loop delay; the returned function stops
 * and reports. Used to show where a latency tail comes from, not as a target.
 */
export function watchPauses(): () => Pauses {
  const gc = new GCProfiler();
  gc.start();
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  return () => {
    delay.disable();
    const costs = (gc.stop()?.statistics ?? []).map((entry) => entry.cost / 1000);
    return {
      gcCount: costs.length,
      gcTotalMs: costs.reduce((sum, ms) => sum + ms, 0),
      gcLongestMs: costs.length ? Math.max(...costs) : 0,
      loopDelayP99Ms: delay.count > 0 ? delay.percentile(99) / 1e6 : null,
    };
  };
}
