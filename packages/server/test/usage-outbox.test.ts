import type { UsageResponse } from '@tollgate/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, makeBilling, memoryLogger } from '../../../test/app';
import { pglite, postgres, type TestDb, testPostgresUrl } from '../../../test/database';
import { type Stack, startStack } from './helpers/stack';

const external = {
  usage: {
    deliver: 'external' as const,
    ratePerSecond: 1000,
    backoff: { baseMs: 1, maxMs: 5 },
  },
};

const meterEventCalls = (s: Stack) =>
  s.emulator.requests.filter((r) => r.method === 'POST' && r.path === '/v1/billing/meter_events');

/** Stripe's total for a customer's meter over all time the tests use. */
async function stripeTotal(s: Stack, eventName: string, user: string): Promise<number> {
  const meter = (await s.stripe.billing.meters.list({ limit: 100 })).data.find(
    (m) => m.event_name === eventName,
  )!;
  const customerId = await customerOf(s, user);
  const now = s.emulator.clock.now();
  const end = Math.ceil((now + 3600) / 3600) * 3600;
  const summaries = await s.stripe.billing.meters.listEventSummaries(meter.id, {
    customer: customerId,
    start_time: end - 30 * 86_400,
    end_time: end,
  });
  return summaries.data[0]!.aggregated_value;
}

async function customerOf(s: Stack, user: string): Promise<string> {
  const list = await s.stripe.customers.list({ limit: 100 });
  return list.data.find((c) => c.metadata?.userId === user)!.id;
}

const targets: { name: string; open: () => Promise<TestDb | null> }[] = [
  { name: 'pglite', open: () => pglite('usage') },
  { name: 'postgres', open: () => postgres('usage') },
];

for (const target of targets) {
  describe.skipIf(target.name === 'postgres' && !testPostgresUrl())(
    `usage outbox on ${target.name}`,
    () => {
      let t: TestDb;
      let s: Stack;
      beforeAll(async () => {
        t = (await target.open())!;
        s = await startStack(t, { config: external });
        // catalog push made the api_calls (sum) and exports (count) meters.
        await s.stripe.billing.meters.create({
          display_name: 'logins',
          event_name: 'logins',
          default_aggregation: { formula: 'count' },
        });
        const meters = (await s.stripe.billing.meters.list({ status: 'active' })).data;
        // The plan includes 1,000: a graduated price whose first 1,000 are free, then 2¢.
        await s.stripe.prices.create({
          currency: 'usd',
          product_data: { name: 'API calls' },
          lookup_key: 'tg_api_calls',
          billing_scheme: 'tiered',
          tiers_mode: 'graduated',
          tiers: [
            { up_to: 1000, unit_amount: 0 },
            { up_to: 'inf', unit_amount: 2 },
          ],
          recurring: {
            interval: 'month',
            usage_type: 'metered',
            meter: meters.find((m) => m.event_name === 'api_calls')!.id,
          },
        });
        await s.subscribe('ana', 'pro', 'month');
        await s.subscribe('bo', 'pro', 'month');
        await s.subscribe('cy', 'pro', 'month');
      }, 60_000);
      afterAll(async () => {
        await s?.close();
        await t?.close();
      });

      it('records at once without calling Stripe; a repeated key is a duplicate; a reused key for other usage is refused', async () => {
        const before = meterEventCalls(s).length;
        const record = (value: number, key: string) =>
          s.billing.recordUsage('ana', 'api_calls', value, { idempotencyKey: key });
        expect(await record(3, 'rec-1')).toEqual({ outcome: 'recorded', identifier: 'rec-1' });
        expect(await record(3, 'rec-1')).toEqual({ outcome: 'duplicate', identifier: 'rec-1' });
        await expect(record(4, 'rec-1')).rejects.toMatchObject({
          code: 'INVALID_REQUEST',
          message: expect.stringContaining('already used for other usage'),
        });
        expect(meterEventCalls(s).length).toBe(before);
        const health = await s.billing.health();
        expect(health).toMatchObject({ status: 'ok', usage: { pending: 1, refused: 0 } });
        expect(health.usage?.oldestPendingAt).toEqual(expect.any(String));
        expect(await s.billing.usage.flush()).toMatchObject({ delivered: 1, refused: 0 });
        expect(await s.billing.health()).toMatchObject({ usage: { pending: 0 } });
      });

      it('refuses bad input with a message that says what to fix, and users without a customer', async () => {
        const bad = (value: number, key: string, opts: { timestamp?: number } = {}) =>
          s.billing.recordUsage('ana', 'api_calls', value, { idempotencyKey: key, ...opts });
        await expect(bad(1.5, 'bad-1')).rejects.toMatchObject({
          code: 'INVALID_REQUEST',
          message: expect.stringContaining('whole number'),
        });
        await expect(bad(1, '')).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
        await expect(
          bad(1, 'bad-2', { timestamp: s.emulator.clock.now() - 40 * 86_400 }),
        ).rejects.toMatchObject({ message: expect.stringContaining('past 35 days') });
        await expect(
          s.billing.recordUsage('nobody', 'api_calls', 1, { idempotencyKey: 'bad-3' }),
        ).rejects.toMatchObject({ code: 'NO_SUBSCRIPTION' });
      });

      it('sums a sum meter per customer and minute into one meter event; a count meter sends each', async () => {
        const before = meterEventCalls(s).length;
        const base = await stripeTotal(s, 'api_calls', 'bo');
        for (let i = 0; i < 20; i++) {
          await s.billing.recordUsage('bo', 'api_calls', i, { idempotencyKey: `agg-${i}` });
        }
        for (let i = 0; i < 3; i++) {
          await s.billing.recordUsage('bo', 'logins', 1, { idempotencyKey: `login-${i}` });
        }
        const round = await s.billing.usage.flush();
        expect(round).toMatchObject({ sealed: 23, delivered: 4, duplicates: 0, refused: 0 });
        expect(meterEventCalls(s).length - before).toBe(4);
        expect((await stripeTotal(s, 'api_calls', 'bo')) - base).toBe(190);
        expect(await stripeTotal(s, 'logins', 'bo')).toBe(3);
      });

      it('regression: a summed meter event never spans the period start (rows 10 s either side of it, one minute)', async () => {
        s.emulator.clock.advance(30); // a period that starts mid-minute
        await s.subscribe('dan', 'pro', 'month');
        const customer = await customerOf(s, 'dan');
        const [sub] = (await s.stripe.subscriptions.list({ customer })).data;
        const periodStart = sub!.items.data[0]!.current_period_start;
        expect(periodStart % 60).not.toBe(0);
        await s.billing.recordUsage('dan', 'api_calls', 3, {
          idempotencyKey: 'dan-before',
          timestamp: periodStart - 10,
        });
        await s.billing.recordUsage('dan', 'api_calls', 4, {
          idempotencyKey: 'dan-after',
          timestamp: periodStart + 10,
        });
        expect(Math.floor((periodStart - 10) / 60)).toBe(Math.floor((periodStart + 10) / 60));
        expect(await s.billing.usage.flush()).toMatchObject({ sealed: 2, delivered: 2 });
      });

      it('retries 500s and 429s with backoff until Stripe takes them, counting each once', async () => {
        const base = await stripeTotal(s, 'logins', 'ana');
        s.emulator.faults.api.fail({ status: 500, times: 2, path: '/v1/billing/meter_events' });
        s.emulator.faults.api.fail({ status: 429, times: 2, path: '/v1/billing/meter_events' });
        for (let i = 0; i < 4; i++) {
          await s.billing.recordUsage('ana', 'logins', 1, { idempotencyKey: `fault-${i}` });
        }
        const totals = { delivered: 0, retried: 0 };
        for (let i = 0; i < 50 && (await s.billing.health()).usage?.pending; i++) {
          const round = await s.billing.usage.flush();
          totals.delivered += round.delivered;
          totals.retried += round.retried;
          await new Promise((r) => setTimeout(r, 10));
        }
        s.emulator.faults.reset();
        expect(totals).toEqual({ delivered: 4, retried: 4 });
        expect((await stripeTotal(s, 'logins', 'ana')) - base).toBe(4);
      });

      it("stays within Stripe's meter-event rate limit: 30 meter events at ratePerSecond 10 draw no 429 from a 12/s limit (a second's burst on top of the rate sent ~19 in the first second)", async () => {
        await s.billing.usage.flush();
        const paced = makeBilling({
          stripe: s.stripe,
          store: t.db,
          schema: t.schema,
          logger: memoryLogger(),
          now: () => new Date(s.emulator.clock.now() * 1000),
          usage: { ...external.usage, ratePerSecond: 10 },
        });
        // 2 over the rate: a slow test machine may hold requests back and deliver them together.
        s.emulator.engine.config.meterEventRateLimit = 12;
        try {
          for (let i = 0; i < 30; i++) {
            await s.billing.recordUsage('ana', 'logins', 1, { idempotencyKey: `paced-${i}` });
          }
          const before = meterEventCalls(s).length;
          // Start at a wall-clock second, as the emulator's limit counts per second.
          await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000)));
          const round = await paced.usage.flush();
          const answers = meterEventCalls(s)
            .slice(before)
            .map((r) => r.status);
          expect(answers.filter((status) => status === 429)).toEqual([]);
          expect(round).toMatchObject({ delivered: 30, retried: 0 });
        } finally {
          delete s.emulator.engine.config.meterEventRateLimit;
          await paced.usage.stop();
          await s.billing.usage.flush();
        }
      });

      it('counts an identifier Stripe already has as delivered', async () => {
        const customer = await customerOf(s, 'ana');
        await s.stripe.billing.meterEvents.create({
          event_name: 'logins',
          identifier: 'already-there',
          payload: { stripe_customer_id: customer, value: '1' },
        });
        await s.billing.recordUsage('ana', 'logins', 1, { idempotencyKey: 'already-there' });
        expect(await s.billing.usage.flush()).toMatchObject({ delivered: 0, duplicates: 1 });
        expect(await s.billing.health()).toMatchObject({ usage: { pending: 0, refused: 0 } });
      });

      it('keeps a permanent refusal with its reason, logs it and reports it in health()', async () => {
        await s.billing.recordUsage('ana', 'no_such_meter', 2, { idempotencyKey: 'refuse-1' });
        expect(await s.billing.usage.flush()).toMatchObject({ refused: 1 });
        expect(await s.billing.health()).toMatchObject({ usage: { pending: 0, refused: 1 } });
        expect(await s.billing.usage.refused()).toEqual([
          expect.objectContaining({
            identifier: 'refuse-1',
            meter: 'no_such_meter',
            value: 2,
            error: expect.stringContaining('No active meter found'),
          }),
        ]);
        expect(
          s.logger.lines.some((l) => l.level === 'error' && l.fields?.identifier === 'refuse-1'),
        ).toBe(true);
      });

      it("records inside the caller's transaction: a rolled-back transaction records nothing", async () => {
        const db = t.db as unknown as {
          connect?: () => Promise<{ query: typeof t.db.query; release(): void }>;
          transaction?: <T>(fn: (tx: { query: typeof t.db.query }) => Promise<T>) => Promise<T>;
        };
        const inTransaction = async (fn: (query: typeof t.db.query) => Promise<unknown>) => {
          if (db.connect) {
            const client = await db.connect();
            try {
              await client.query('BEGIN');
              await fn(client.query.bind(client));
            } finally {
              await client.query('ROLLBACK');
              client.release();
            }
          } else {
            await db.transaction!(async (tx) => {
              await fn(tx.query.bind(tx));
              throw new Error('roll back');
            }).catch(() => {});
          }
        };
        await inTransaction((query) =>
          s.billing.recordUsage('ana', 'api_calls', 9, { idempotencyKey: 'tx-1', query }),
        );
        expect(await s.billing.health()).toMatchObject({ usage: { pending: 0 } });
        expect(
          await s.billing.recordUsage('ana', 'api_calls', 9, { idempotencyKey: 'tx-1' }),
        ).toMatchObject({ outcome: 'recorded' });
        await s.billing.usage.flush();
      });

      it('delivers in-process by default, soon after recording', async () => {
        const billing = makeBilling({
          stripe: s.stripe,
          store: t.db,
          schema: t.schema,
          logger: memoryLogger(),
          now: () => new Date(s.emulator.clock.now() * 1000),
        });
        try {
          await billing.recordUsage('ana', 'logins', 1, { idempotencyKey: 'inproc-1' });
          for (let i = 0; i < 100 && (await billing.health()).usage?.pending; i++) {
            await new Promise((r) => setTimeout(r, 50));
          }
          expect(await billing.health()).toMatchObject({ usage: { pending: 0 } });
        } finally {
          await billing.usage.stop();
        }
      });

      it('GET /usage: delivered (Stripe summaries) + pending (outbox) per plan meter, with included, price and charge', async () => {
        const usage = async () =>
          (await (await s.billing.handler(get('/usage', 'cy'))).json()) as UsageResponse;
        const empty = await usage();
        expect(empty.period).toEqual({ start: expect.any(String), end: expect.any(String) });
        expect(empty.meters.map((m) => [m.meter, m.used, m.state])).toEqual([
          ['api_calls', 0, 'ok'],
          ['exports', 0, 'ok'],
        ]);
        await s.billing.recordUsage('cy', 'api_calls', 600, { idempotencyKey: 'cy-1' });
        await s.billing.usage.flush();
        await s.billing.recordUsage('cy', 'api_calls', 700, { idempotencyKey: 'cy-2' });
        const [calls] = (await usage()).meters;
        expect(calls).toEqual({
          meter: 'api_calls',
          label: 'API calls',
          used: 1300,
          delivered: 600,
          pending: 700,
          included: 1000,
          limit: 'soft',
          overage: 300,
          price: {
            currency: 'usd',
            unitAmount: null,
            tiers: [
              { upTo: 1000, unitAmount: 0, flatAmount: 0 },
              { upTo: null, unitAmount: 2, flatAmount: 0 },
            ],
            tiersMode: 'graduated',
          },
          estimatedCharge: 600,
          state: 'exceeded',
        });
        await s.billing.usage.flush();
        expect((await usage()).meters[0]).toMatchObject({
          used: 1300,
          delivered: 1300,
          pending: 0,
        });
        expect((await s.billing.handler(get('/usage', null))).status).toBe(401);
      });

      it('a hard limit refuses usage past the included amount (USAGE_LIMIT_REACHED) and /usage shows blocked', async () => {
        for (let i = 0; i < 4; i++) {
          await s.billing.recordUsage('cy', 'exports', 1, { idempotencyKey: `cy-export-${i}` });
        }
        await s.billing.usage.flush();
        await s.billing.recordUsage('cy', 'exports', 1, { idempotencyKey: 'cy-export-4' });
        await expect(
          s.billing.recordUsage('cy', 'exports', 1, { idempotencyKey: 'cy-export-5' }),
        ).rejects.toMatchObject({ code: 'USAGE_LIMIT_REACHED', status: 403 });
        const body = (await (await s.billing.handler(get('/usage', 'cy'))).json()) as UsageResponse;
        expect(body.meters[1]).toMatchObject({ meter: 'exports', used: 5, state: 'blocked' });
      });

      it('regression: concurrent records at a hard limit cannot pass it together (12 at once, 5 included)', async () => {
        const results = await Promise.allSettled(
          Array.from({ length: 12 }, (_, i) =>
            s.billing.recordUsage('bo', 'exports', 1, { idempotencyKey: `bo-export-${i}` }),
          ),
        );
        const refused = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
        expect(results.length - refused.length).toBe(5);
        for (const r of refused) expect(r.reason).toMatchObject({ code: 'USAGE_LIMIT_REACHED' });
      });

      it.skipIf(target.name !== 'postgres')(
        'two instances flush at once: every meter event is sent exactly once (SKIP LOCKED)',
        async () => {
          const instance = (store: TestDb['db']) =>
            makeBilling({
              stripe: s.stripe,
              store,
              schema: t.schema,
              usage: { ...external.usage, batchSize: 5 },
              now: () => new Date(s.emulator.clock.now() * 1000),
            });
          const [one, other] = [instance(t.db), instance(t.second)];
          // Both ready (migrations checked, Stripe's meters read) before the race starts.
          await Promise.all([s.billing.usage.flush(), one.usage.flush(), other.usage.flush()]);
          const before = meterEventCalls(s).length;
          const base = await stripeTotal(s, 'logins', 'bo');
          for (let i = 0; i < 40; i++) {
            await s.billing.recordUsage('bo', 'logins', 1, { idempotencyKey: `two-${i}` });
          }
          const [a, b] = await Promise.all([one.usage.flush(), other.usage.flush()]);
          expect(a.delivered + b.delivered).toBe(40);
          expect(a.duplicates + b.duplicates + a.retried + b.retried).toBe(0);
          expect(a.delivered).toBeGreaterThan(0);
          expect(b.delivered).toBeGreaterThan(0);
          expect(meterEventCalls(s).length - before).toBe(40);
          expect((await stripeTotal(s, 'logins', 'bo')) - base).toBe(40);
        },
      );
    },
  );
}
