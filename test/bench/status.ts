/**
 * (5) `GET /status` from the store under load, in-process: `createBilling(...).handler` with a
 * `Request` per call, users whose snapshots are stored, on PGlite and PostgreSQL, at
 * concurrency 1 and 16. Latency of each call from `handler(req)` to the parsed JSON body.
 */
import { createBilling, migrate } from '@tollgate/server';
import { createStore } from '@tollgate/server/store/store';
import { benchConfig } from './lib/billing';
import { type BenchDatabase, openPostgres, postgresReachable, sharedPglite } from './lib/db';
import { watchPauses } from './lib/pauses';
import { benchSnapshot } from './lib/pipeline';
import { type Section, type Target, table } from './lib/report';
import { num, quantile } from './lib/stats';

const USERS = 100;
const CONCURRENCY = [1, 16] as const;
const GOAL_P99_MS = 5;

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
      const user = `user_${n++ % USERS}`;
      const t = performance.now();
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

/** Runs the /status benchmark. */
export async function runStatusBench(quick = false): Promise<Section> {
  const openers: (() => Promise<BenchDatabase>)[] = [sharedPglite];
  const notes: string[] = [];
  const reachable = await postgresReachable();
  if (reachable === true) openers.push(() => openPostgres(16));
  else notes.push(`PostgreSQL not measured: ${reachable}.`);
  const rows: string[][] = [];
  const targets: Target[] = [];
  const ms = quick ? 1_000 : 3_000;
  for (const open of openers) {
    const database = await open();
    try {
      await seed(database);
      const billing = createBilling(
        benchConfig({
          store: database.db,
          getUser: (req) => {
            const id = req.headers.get('x-bench-user');
            return id ? { id, email: `${id}@example.test` } : null;
          },
        }),
      );
      await load(billing.handler, 4, 300);
      for (const concurrency of CONCURRENCY) {
        const stop = watchPauses();
        const { latencies, rps } = await load(billing.handler, concurrency, ms);
        const pauses = stop();
        const p50 = quantile(latencies, 0.5);
        const p99 = quantile(latencies, 0.99);
        rows.push([
          database.name,
          String(concurrency),
          num(rps),
          `${num(p50, 2)} ms`,
          `${num(p99, 2)} ms`,
          num(latencies.length),
          `${num(pauses.gcCount)} (${num(pauses.gcTotalMs)} ms, longest ${num(pauses.gcLongestMs, 1)} ms)`,
          pauses.loopDelayP99Ms === null
            ? '— (loop never turned)'
            : `${num(pauses.loopDelayP99Ms, 1)} ms`,
        ]);
        if (concurrency === 16) {
          targets.push({
            name: `/status p99 in-process, ${database.name}, 16 concurrent`,
            goal: `< ${GOAL_P99_MS} ms`,
            figure: `${num(p99, 2)} ms`,
            status: p99 < GOAL_P99_MS ? 'met' : 'missed',
          });
        }
      }
    } finally {
      if (database.name === 'PostgreSQL') await database.close();
    }
  }
  const body = [
    `\`createBilling(...).handler(new Request(".../status"))\` in-process for ${USERS} signed-in users with stored snapshots (one \`SELECT\` joining customer and snapshot — callers waiting at the same moment share one — then \`deriveBillingState\`), ${num(ms / 1000)} s per cell after a warm-up; latency from the call to the parsed JSON. PGlite has one connection (16 callers queue on it); PostgreSQL gets a pool of 16, on which the store keeps at most two reads in flight.`,
    '',
    table(
      [
        'database',
        'concurrency',
        'req/s',
        'p50',
        'p99',
        'requests',
        'GC pauses (total, longest)',
        'event-loop delay p99',
      ],
      rows,
    ),
    '',
    'The last two columns show where the tail comes from: every caller shares one event loop, so a garbage-collection pause (young-generation scavenges of the `Request`/`Response` objects and their streams) or a batch of 16 answers being built delays every request in flight. They are reported, not targets.',
    ...(notes.length ? ['', ...notes] : []),
  ].join('\n');
  return { title: 'Status under load', body, targets };
}
