/**
 * (5) `GET /status` from the store under load, in-process: `createBilling(...).handler` with a
 * `Request` per call, users whose snapshots are stored, on PGlite and PostgreSQL, at
 * concurrency 1 and 16, with the status cache off and on (two instances on one database,
 * alternating rounds). Latency of each call from `handler(req)` to the parsed JSON body.
 */
import { createBilling, migrate } from '@tollgate/server';
import { createStore } from '@tollgate/server/store/store';
import { benchConfig } from './lib/billing';
import { type BenchDatabase, openPostgres, postgresReachable, sharedPglite } from './lib/db';
import { watchPauses } from './lib/pauses';
import { benchSnapshot } from './lib/pipeline';
import { type Section, type Target, table } from './lib/report';
import { fmtSpread, num, quantile, spread } from './lib/stats';

const USERS = 100;
const CONCURRENCY = [1, 16] as const;
const GOAL_P99_MS = 5;
const MODES = ['off', 'on'] as const;
type Mode = (typeof MODES)[number];

async function seed(database: BenchDatabase): Promise<void> {
  await migrate(database.db);
  const store = createStore(database.db);
  const one = async (i: number) => {
    const customerId = `cus_status_${i}`;
    await store.linkCustomer(`user_${i}`, customerId, `user${i}@example.test`);
    await store.record({
      write: { customerId, snapshot: benchSnapshot(customerId), expected: 0, userId: `user_${i}` },
      events: [],
    });
  };
  for (let i = 0; i < USERS; i += database.connections) {
    await Promise.all(
      Array.from({ length: Math.min(database.connections, USERS - i) }, (_, k) => one(i + k)),
    );
  }
}

async function load(
  handler: (req: Request) => Promise<Response>,
  concurrency: number,
  ms: number,
): Promise<{ latencies: number[]; rps: number }> {
  const latencies: number[] = [];
  let n = 0;
  const started = performance.now();
  const deadline = started + ms;
  const worker = async () => {
    while (performance.now() < deadline) {
      // Each call starts in a task of its own, as a request read from a socket does: callers
      // answered from memory alone would otherwise keep the event loop from ever turning, and
      // starve its timers (the status cache's heartbeat among them) as no server would. The
      // clock starts before the task waits its turn, so queueing behind the others counts.
      const t = performance.now();
      await new Promise((resolve) => setImmediate(resolve));
      const user = `user_${n++ % USERS}`;
      const res = await handler(
        new Request('http://127.0.0.1/api/billing/status', { headers: { 'x-bench-user': user } }),
      );
      const body = (await res.json()) as { plan?: string };
      latencies.push(performance.now() - t);
      if (res.status !== 200 || body.plan !== 'pro') {
        throw new Error(
          `BENCH_STATUS: /status answered ${res.status} ${JSON.stringify(body).slice(0, 200)}`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latencies, rps: latencies.length / ((performance.now() - started) / 1000) };
}

/** `17.5 kB; 13.3 (0.62 MB)`: JS heap allocated per call, scavenges per 10k calls and what each kept. */
function heapWork(cell: Cell): string {
  const calls = cell.latencies.length;
  const kept = cell.scavenges ? cell.scavengeSurvivedBytes / cell.scavenges / 1e6 : 0;
  return `${num(cell.allocatedBytes / calls / 1000, 1)} kB; ${num((cell.scavenges * 10_000) / calls, 1)} (${num(kept, 2)} MB)`;
}

interface Cell {
  latencies: number[];
  p99s: number[];
  rps: number[];
  gc: { count: number; totalMs: number; longestMs: number };
  scavenges: number;
  scavengeSurvivedBytes: number;
  allocatedBytes: number;
  loopDelays: number[];
}

const emptyCell = (): Cell => ({
  latencies: [],
  p99s: [],
  rps: [],
  gc: { count: 0, totalMs: 0, longestMs: 0 },
  scavenges: 0,
  scavengeSurvivedBytes: 0,
  allocatedBytes: 0,
  loopDelays: [],
});

/** Runs the /status benchmark. */
export async function runStatusBench(quick = false): Promise<Section> {
  const openers: (() => Promise<BenchDatabase>)[] = [sharedPglite];
  const notes: string[] = [];
  const reachable = await postgresReachable();
  if (reachable === true) openers.push(() => openPostgres(16));
  else notes.push(`PostgreSQL not measured: ${reachable}.`);
  const rows: string[][] = [];
  const targets: Target[] = [];
  const rounds = quick ? 2 : 4;
  const ms = quick ? 500 : 1_250;
  for (const open of openers) {
    const database = await open();
    const billings = {} as Record<Mode, ReturnType<typeof createBilling>>;
    try {
      await seed(database);
      for (const mode of MODES) {
        billings[mode] = createBilling(
          benchConfig({
            store: database.db,
            getUser: (req) => {
              const id = req.headers.get('x-bench-user');
              return id ? { id, email: `${id}@example.test` } : null;
            },
            statusCache: mode === 'on',
          }),
        );
        await load(billings[mode].handler, 4, 300);
      }
      for (const concurrency of CONCURRENCY) {
        const cells = { off: emptyCell(), on: emptyCell() };
        for (let round = 0; round < rounds; round++) {
          // Alternate which mode goes first, so neither always runs on a warmer machine.
          const order = round % 2 === 0 ? MODES : ([...MODES].reverse() as Mode[]);
          for (const mode of order) {
            const stop = watchPauses();
            const { latencies, rps } = await load(billings[mode].handler, concurrency, ms);
            const pauses = stop();
            const cell = cells[mode];
            // Not push(...latencies): a cached round on Node 24 answers hundreds of thousands of
            // calls, more arguments than one call takes (RangeError: call stack size).
            for (const latency of latencies) cell.latencies.push(latency);
            cell.p99s.push(quantile(latencies, 0.99));
            cell.rps.push(rps);
            cell.gc.count += pauses.gcCount;
            cell.gc.totalMs += pauses.gcTotalMs;
            cell.gc.longestMs = Math.max(cell.gc.longestMs, pauses.gcLongestMs);
            cell.scavenges += pauses.scavenges;
            cell.scavengeSurvivedBytes += pauses.scavengeSurvivedBytes;
            cell.allocatedBytes += pauses.allocatedBytes;
            if (pauses.loopDelayP99Ms !== null) cell.loopDelays.push(pauses.loopDelayP99Ms);
          }
        }
        for (const mode of MODES) {
          const cell = cells[mode];
          const p99 = spread(cell.p99s);
          rows.push([
            database.name,
            String(concurrency),
            mode,
            fmtSpread(spread(cell.rps)),
            `${num(quantile(cell.latencies, 0.5), 2)} ms`,
            fmtSpread(p99, 2, 'ms'),
            num(cell.latencies.length),
            `${num(cell.gc.count)} (${num(cell.gc.totalMs)} ms, longest ${num(cell.gc.longestMs, 1)} ms)`,
            heapWork(cell),
            cell.loopDelays.length === 0
              ? '— (loop never turned)'
              : `${num(Math.max(...cell.loopDelays), 1)} ms`,
          ]);
          if (concurrency === 16) {
            targets.push({
              name: `/status p99 in-process, ${database.name}, 16 concurrent, status cache ${mode}`,
              goal: `< ${GOAL_P99_MS} ms`,
              figure: fmtSpread(p99, 2, 'ms'),
              // The cache is what the goal is met with; the row without it shows what it buys.
              status: mode === 'off' ? 'reported' : p99.median < GOAL_P99_MS ? 'met' : 'missed',
            });
          }
        }
        const ratios = cells.off.p99s.map((off, i) => off / cells.on.p99s[i]!);
        rows.push([
          database.name,
          String(concurrency),
          'p99 off ÷ on',
          '',
          '',
          `${fmtSpread(spread(ratios), 1)}×`,
          '',
          '',
          '',
          '',
        ]);
      }
    } finally {
      await Promise.all(Object.values(billings).map((billing) => billing.close()));
      if (database.name === 'PostgreSQL') await database.close();
    }
  }
  const body = [
    `\`createBilling(...).handler(new Request(".../status"))\` in-process for ${USERS} signed-in users with stored snapshots, two instances on one database: status cache \`off\` (each call reads the store — one \`SELECT\` joining customer and snapshot, callers waiting at the same moment share one — then \`deriveBillingState\` and \`JSON.stringify\`) and \`on\` (\`statusCache: true\`: the derived answer kept per user until a write's notice, the listener's heartbeat or the status's next time edge says otherwise). ${rounds} rounds of ${num(ms / 1000, 2)} s per cell, the two instances alternating (first one, then the other first); p99 is the median of the rounds' p99 with their range, p50 over every call; latency from the call to the parsed JSON; each call starts in a task of its own (\`setImmediate\`), as a request read from a socket does, and its time includes waiting for that task's turn. No writes happen during the run, so after its first read of a user the cached instance answers from memory: this is the read-mostly case the cache is for. PGlite has one connection (16 callers queue on it); PostgreSQL gets a pool of 16, on which the store keeps at most two reads in flight.`,
    '',
    table(
      [
        'database',
        'concurrency',
        'status cache',
        'req/s',
        'p50',
        'p99',
        'requests',
        'GC pauses (total, longest)',
        'heap per call; scavenges per 10k calls (kept by each)',
        'event-loop delay p99 (worst round)',
      ],
      rows,
    ),
    '',
    "The last three columns show where the tail comes from: every caller shares one event loop, so a garbage-collection pause (young-generation scavenges of the `Request`/`Response` objects and their streams) or a batch of 16 answers being built delays every request in flight. They are reported, not targets. Heap per call is the JavaScript heap allocated during the cell divided by its calls, the harness's own `Request`, `setImmediate` and `res.json()` included; a scavenge's pause grows with what it finds alive (copied within the young generation or promoted to the old one), shown as the mean per scavenge.",
    ...(notes.length ? ['', ...notes] : []),
  ].join('\n');
  return { title: 'Status under load', body, targets };
}
