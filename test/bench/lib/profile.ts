import { Session } from 'node:inspector/promises';

/** Where this process's time went while a measurement ran, by part. */
export interface TimeProfile {
  /** Milliseconds per part (`(idle)` is time the process waited: on the database, mostly). */
  parts: Map<string, number>;
  wallMs: number;
}

/**
 * `BENCH_PROFILE_DETAIL=1`: every part is split by file and function (for finding a hot spot;
 * too long for BENCHMARKS.md).
 */
const DETAIL = process.env.BENCH_PROFILE_DETAIL === '1';

/** The part of the stack a sampled frame belongs to. */
function partOf(url: string, functionName: string): string {
  const part = coarsePartOf(url, functionName);
  return DETAIL ? `${part}: ${url.split('/').slice(-2).join('/')} ${functionName}` : part;
}

function coarsePartOf(url: string, functionName: string): string {
  if (functionName === '(idle)') return 'idle: waiting (database round trips, commits)';
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(program)') return 'V8 and native code';
  if (/node_modules\/(\.pnpm\/)?(pg|pg-protocol|pg-pool|pg-types|pgpass|postgres-)/.test(url))
    return 'pg driver (JS)';
  // PGlite's Postgres is WebAssembly: its frames carry `wasm://` URLs.
  if (url.includes('@electric-sql/pglite') || url.startsWith('wasm://'))
    return 'PGlite (Postgres in WASM, in this process)';
  if (url.includes('packages/stripe-emulator/src')) return 'Stripe emulator';
  if (/node_modules\/(\.pnpm\/)?stripe[@/]/.test(url)) return 'stripe SDK (client)';
  if (url.includes('packages/server/src'))
    return 'Tollgate server (processEvent, store, coordinator)';
  if (url.includes('packages/core/src') || url.includes('/zod/')) return '@tollgate/core + zod';
  // The profiler's own work when it stops (not the workload's).
  if (url === 'node:inspector') return 'the profiler itself';
  if (url.startsWith('node:') || url === '') return 'Node internals';
  return 'bench harness and tsx';
}

/**
 * Starts the V8 CPU profiler on this process; the function it returns stops it and sums the
 * sampled time by part.
 */
export async function startProfile(): Promise<() => Promise<TimeProfile>> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
  } catch (error) {
    session.disconnect();
    throw error;
  }
  const started = performance.now();
  return async () => {
    try {
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
  };
}

/** Runs `work` under the V8 CPU profiler (this process) and sums sampled time by part. */
export async function profiled(work: () => Promise<unknown>): Promise<TimeProfile> {
  const stop = await startProfile();
  try {
    await work();
  } catch (error) {
    await stop();
    throw error;
  }
  return stop();
}

/**
 * In a benchmark's child process: answers `'profile'` over IPC by starting the profiler (`{}`),
 * `'profiled'` by stopping it (`{parts, wallMs}`), and `'cpu'` with the CPU time the process has
 * used so far (`{micros}`, user + system), so the runner can show where a server process's time
 * went while it was under load.
 */
export function serveProfiles(): void {
  let stop: (() => Promise<TimeProfile>) | null = null;
  process.on('message', async (message) => {
    if (message === 'profile' && !stop) {
      stop = await startProfile();
      process.send?.({});
    } else if (message === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send?.({ micros: user + system });
    } else if (message === 'profiled' && stop) {
      const { parts, wallMs } = await stop();
      stop = null;
      process.send?.({ parts: Object.fromEntries(parts), wallMs });
    }
  });
}
