import { Session } from 'node:inspector/promises';

/** Where this process's time went while a measurement ran, by part. */
export interface TimeProfile {
  /** Milliseconds per part (`(idle)` is time the process waited: on the database, mostly). */
  parts: Map<string, number>;
  wallMs: number;
}

/** The part of the stack a sampled frame belongs to. */
function partOf(url: string, functionName: string): string {
  if (functionName === '(idle)') return 'idle: waiting (database round trips, commits)';
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(program)') return 'V8 and native code';
  if (/node_modules\/(\.pnpm\/)?(pg|pg-protocol|pg-pool|pg-types|pgpass|postgres-)/.test(url))
    return 'pg driver (JS)';
  if (url.includes('@electric-sql/pglite')) return 'PGlite (Postgres in WASM, in this process)';
  if (url.includes('packages/server/src'))
    return 'Tollgate server (processEvent, store, coordinator)';
  if (url.includes('packages/core/src') || url.includes('/zod/')) return '@tollgate/core + zod';
  if (url.startsWith('node:') || url === '') return 'Node internals';
  return 'bench harness and tsx';
}

/** Runs `work` under the V8 CPU profiler (this process) and sums sampled time by part. */
export async function profiled(work: () => Promise<unknown>): Promise<TimeProfile> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    const started = performance.now();
    await work();
    const wallMs = performance.now() - started;
    const { profile } = await session.post('Profiler.stop');
    const parts = new Map<string, number>();
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const samples = profile.samples ?? [];
    const deltas = profile.timeDeltas ?? [];
    for (let i = 0; i < samples.length; i++) {
      const node = byId.get(samples[i]!);
      if (!node) continue;
      const part = partOf(node.callFrame.url, node.callFrame.functionName);
      parts.set(part, (parts.get(part) ?? 0) + (deltas[i] ?? 0) / 1000);
    }
    return { parts, wallMs };
  } finally {
    session.disconnect();
  }
}
