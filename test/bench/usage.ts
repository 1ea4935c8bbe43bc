/**
 * (8) Usage: `recordUsage` calls per second into the outbox (16 concurrent callers, no Stripe
 * call on that path), and the deliverer's throughput to the emulator's Billing Meters — a `sum`
 * meter, whose rows are summed per customer and minute into few meter events, and a `count`
 * meter, whose rows go one meter event each (held to 1,000/s, Stripe's live-mode limit, which is
 * also the emulator's default meter-event limit).
 */
import { createBilling, migrate } from '@tollgate/server';
import { benchConfig } from './lib/billing';
import { type BenchDatabase, openPostgres, postgresReachable, sharedPglite } from './lib/db';
import type { Section, Target } from './lib/report';
import { table } from './lib/report';
import { fmtSpread, num, spread } from './lib/stats';

const CUSTOMERS = 50;
const CONCURRENCY = 16;

interface Figures {
  database: string;
  record: number[];
  sumRows: number[];
  sumEvents: number;
  countEvents: number[];
}

async function measure(database: BenchDatabase, rounds: number, calls: number): Promise<Figures> {
  const { startEmulator, createStripeClient } = await import('@tollgate/stripe-emulator');
  const emulator = await startEmulator({ port: 0 });
  const stripe = createStripeClient(emulator, { maxNetworkRetries: 0 });
  const schema = `bench_usage_${process.pid}_${Date.now().toString(36)}`;
  try {
    await migrate(database.db, schema);
    for (const [event_name, formula] of [
      ['bench_calls', 'sum'],
      ['bench_logins', 'count'],
    ] as const) {
      await stripe.billing.meters.create({
        display_name: event_name,
        event_name,
        default_aggregation: { formula },
      });
    }
    for (let i = 0; i < CUSTOMERS; i++) {
      const customer = await stripe.customers.create({ email: `usage${i}@example.test` });
      await database.db.query(
        `INSERT INTO "${schema}".tollgate_customers (user_id, customer_id) VALUES ($1, $2)`,
        [`u${i}`, customer.id],
      );
    }
    const billing = createBilling(
      benchConfig({
        stripe,
        store: database.db,
        schema,
        usage: { deliver: 'external', ratePerSecond: 1000, batchSize: 500, concurrency: 8 },
      }),
    );
    const figures: Figures = {
      database: database.name,
      record: [],
      sumRows: [],
      sumEvents: 0,
      countEvents: [],
    };
    let key = 0;
    const record = async (meter: string, n: number): Promise<number> => {
      const started = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < n) {
            next += 1;
            const i = key++;
            await billing.recordUsage(`u${i % CUSTOMERS}`, meter, 1, { idempotencyKey: `k${i}` });
          }
        }),
      );
      return n / ((performance.now() - started) / 1000);
    };
    const deliver = async () => {
      const started = performance.now();
      const round = await billing.usage.flush();
      return { seconds: (performance.now() - started) / 1000, round };
    };
    for (let r = 0; r < rounds; r++) {
      figures.record.push(await record('bench_calls', calls));
      const sum = await deliver();
      figures.sumRows.push(calls / sum.seconds);
      figures.sumEvents = sum.round.delivered;
      await record('bench_logins', calls);
      const count = await deliver();
      figures.countEvents.push(count.round.delivered / count.seconds);
    }
    return figures;
  } finally {
    await emulator.close();
  }
}

/** Runs the usage benchmark on PGlite and (when reachable) PostgreSQL. */
export async function runUsageBench(quick = false): Promise<Section> {
  const rounds = quick ? 1 : 3;
  const calls = quick ? 300 : 2_000;
  const openers: [string, () => Promise<BenchDatabase>][] = [['PGlite', sharedPglite]];
  const notes: string[] = [];
  const reachable = await postgresReachable();
  if (reachable === true) openers.push(['PostgreSQL', () => openPostgres(16)]);
  else notes.push(`PostgreSQL not measured: ${reachable}.`);
  const results: Figures[] = [];
  for (const [, open] of openers) {
    const database = await open();
    try {
      results.push(await measure(database, rounds, calls));
    } finally {
      if (database.name === 'PostgreSQL') await database.close();
    }
  }
  const rows = results.map((f) => [
    f.database,
    fmtSpread(spread(f.record)),
    `${fmtSpread(spread(f.sumRows))} (${num(calls)} rows → ${num(f.sumEvents)} meter events)`,
    fmtSpread(spread(f.countEvents)),
  ]);
  const targets: Target[] = results.flatMap((f) => [
    {
      name: `Usage: recordUsage calls/s, ${f.database}, ${CONCURRENCY} concurrent`,
      goal: 'report',
      figure: `${num(spread(f.record).median)} calls/s`,
      status: 'reported' as const,
    },
    {
      name: `Usage: delivery to the emulator, ${f.database}, count meter (one meter event per row)`,
      goal: 'report',
      figure: `${num(spread(f.countEvents).median)} meter events/s`,
      status: 'reported' as const,
    },
  ]);
  const body = [
    `\`test/bench/usage.ts\`: ${num(calls)} \`recordUsage\` calls per round from ${CONCURRENCY} concurrent callers over ${CUSTOMERS} customers (two statements each: the user's link, the outbox insert; no Stripe call), then \`billing.usage.flush()\` to the emulator (\`ratePerSecond: 1000\`, \`batchSize: 500\`, \`concurrency: 8\`). A \`sum\` meter's rows are summed per customer and minute, so delivery is bound by the database; a \`count\` meter's rows go one meter event each, bound by HTTP to the emulator and the 1,000/s limit. ${rounds} rounds; median (min–max).`,
    '',
    table(
      [
        'database',
        'recordUsage (calls/s)',
        'delivery, sum meter (rows/s)',
        'delivery, count meter (meter events/s)',
      ],
      rows,
    ),
    ...(notes.length ? ['', ...notes] : []),
  ].join('\n');
  return { title: 'Usage outbox', body, targets };
}
