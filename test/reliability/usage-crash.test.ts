/**
 * Killing the usage deliverer mid-batch loses nothing and doubles nothing: a child process
 * delivers slowly and is SIGKILLed after some meter events reached Stripe but before it recorded
 * them; a fresh deliverer takes over once the lease runs out, re-sends the same meter events
 * (same identifiers, same values — Stripe answers the ones it has as duplicates) and Stripe's
 * totals equal the outbox's. On PGlite (a data dir on disk, opened by one process at a time) and
 * on PostgreSQL when `TEST_DATABASE_URL` is set.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { createBilling, migrate, type Queryable } from '@tollgate/server';
import { createStripeClient, type Emulator, startEmulator } from '@tollgate/stripe-emulator';
import pg from 'pg';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../app';
import { testPostgresUrl } from '../database';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const START = 1_767_225_600; // 2026-01-01T00:00:00Z

let emulator: Emulator;
let stripe: Stripe;
let customer: string;
beforeAll(async () => {
  emulator = await startEmulator({ start: START });
  stripe = createStripeClient(emulator, { maxNetworkRetries: 0 });
  customer = (await stripe.customers.create({ email: 'crash@example.test' })).id;
  await stripe.billing.meters.create({
    display_name: 'Calls',
    event_name: 'crash_calls',
    default_aggregation: { formula: 'sum' },
  });
  await stripe.billing.meters.create({
    display_name: 'Logins',
    event_name: 'crash_logins',
    default_aggregation: { formula: 'count' },
  });
});
afterAll(() => emulator?.close());

const meterEventCalls = () =>
  emulator.requests.filter((r) => r.method === 'POST' && r.path === '/v1/billing/meter_events');

async function stripeTotal(eventName: string): Promise<number> {
  const meter = (await stripe.billing.meters.list()).data.find((m) => m.event_name === eventName)!;
  const list = await stripe.billing.meters.listEventSummaries(meter.id, {
    customer,
    start_time: START - 86_400,
    end_time: START + 86_400,
  });
  return list.data[0]!.aggregated_value;
}

/** Records the outbox through a billing instance that never delivers, then closes its database. */
function billingOn(db: Queryable, schema: string, deliver: 'external' = 'external') {
  return createBilling({
    stripe,
    webhookSecret: 'whsec_unused',
    catalog,
    appUrl: 'http://localhost',
    getUser: () => null,
    store: db,
    schema,
    now: () => new Date(emulator.clock.now() * 1000),
    usage: { deliver, ratePerSecond: 1000, leaseSeconds: 1 },
  });
}

async function fillOutbox(db: Queryable, schema: string, user: string): Promise<void> {
  await db.query(
    `INSERT INTO "${schema}".tollgate_customers (user_id, customer_id) VALUES ($1, $2)`,
    [user, customer],
  );
  const billing = billingOn(db, schema);
  // 3 minutes × 10 rows of a sum meter (3 meter events) and 20 logins (20 meter events).
  for (let i = 0; i < 30; i++) {
    await billing.recordUsage(user, 'crash_calls', i + 1, {
      idempotencyKey: `${user}-calls-${i}`,
      timestamp: START - 3600 + Math.floor(i / 10) * 60,
    });
  }
  for (let i = 0; i < 20; i++) {
    await billing.recordUsage(user, 'crash_logins', 1, {
      idempotencyKey: `${user}-logins-${i}`,
      timestamp: START - 3600,
    });
  }
}

/** Starts the child deliverer and SIGKILLs it once `after` more meter events reached Stripe. */
async function killMidBatch(env: Record<string, string>, after: number): Promise<number> {
  const before = meterEventCalls().length;
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--import',
      path.join(root, 'tools/sql-text.mjs'),
      '--conditions=source',
      path.join(root, 'test/reliability/support/usage-deliverer.ts'),
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        ...env,
        USAGE_STRIPE_URL: emulator.url,
        USAGE_STRIPE_KEY: emulator.secretKey,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout!.on('data', (chunk) => {
    out += String(chunk);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; i < 600 && meterEventCalls().length - before < after; i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  await exited;
  expect(out).not.toContain('flushed');
  return meterEventCalls().length - before;
}

/** Stripe's totals now, to compare after the take-over. */
const totals = async () => ({
  calls: await stripeTotal('crash_calls'),
  logins: await stripeTotal('crash_logins'),
});

/**
 * A fresh deliverer takes over once the dead one's lease ran out: it re-sends what was sent but
 * not recorded (duplicates) and the rest; the outbox is all delivered and Stripe gained exactly
 * what was recorded.
 */
async function expectTakeOver(
  db: Queryable,
  schema: string,
  user: string,
  before: { calls: number; logins: number },
) {
  await new Promise((r) => setTimeout(r, 1100));
  const billing = billingOn(db, schema);
  const round = await billing.usage.flush();
  expect(round.duplicates).toBeGreaterThan(0);
  expect(round.delivered + round.duplicates).toBe(23);
  expect(await billing.health()).toMatchObject({ usage: { pending: 0, refused: 0 } });
  const { rows } = await db.query(
    `SELECT meter, sum(value)::int AS sum, count(*)::int AS n, bool_and(status = 'delivered') AS done
     FROM "${schema}".tollgate_usage WHERE user_id = $1 GROUP BY meter ORDER BY meter`,
    [user],
  );
  expect(rows).toEqual([
    { meter: 'crash_calls', sum: 465, n: 30, done: true },
    { meter: 'crash_logins', sum: 20, n: 20, done: true },
  ]);
  const after = await totals();
  expect(after.calls - before.calls).toBe(465);
  expect(after.logins - before.logins).toBe(20);
}

describe('usage deliverer killed mid-batch', { timeout: 120_000 }, () => {
  it('on PGlite: the next deliverer re-sends what the dead one did not record; Stripe equals the outbox', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-usage-crash-'));
    try {
      const schema = 'usage_crash';
      let db = await PGlite.create(dir);
      await migrate(db, schema);
      await fillOutbox(db, schema, 'pglite-user');
      await db.close();
      const before = await totals();
      const sent = await killMidBatch({ USAGE_PGLITE_DIR: dir, USAGE_SCHEMA: schema }, 6);
      expect(sent).toBeGreaterThanOrEqual(6);
      expect(sent).toBeLessThan(23);
      db = await PGlite.create(dir);
      try {
        await expectTakeOver(db, schema, 'pglite-user', before);
      } finally {
        await db.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  const url = testPostgresUrl();
  it.skipIf(!url)(
    'on PostgreSQL: the same, with the store shared while the deliverer runs',
    async () => {
      const pool = new pg.Pool({ connectionString: url! });
      const schema = `t_usage_crash_${process.pid}_${Date.now().toString(36)}`;
      try {
        await migrate(pool, schema);
        await fillOutbox(pool, schema, 'pg-user');
        const before = await totals();
        const sent = await killMidBatch({ USAGE_DATABASE_URL: url!, USAGE_SCHEMA: schema }, 6);
        expect(sent).toBeLessThan(23);
        const { rows } = await pool.query(
          `SELECT count(*)::int AS n FROM "${schema}".tollgate_usage_batches WHERE claimed_until IS NOT NULL AND status = 'pending'`,
        );
        expect((rows[0] as { n: number }).n).toBeGreaterThan(0);
        await expectTakeOver(pool, schema, 'pg-user', before);
      } finally {
        await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await pool.end();
      }
    },
  );
});
