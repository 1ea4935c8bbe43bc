import type { UsageResponse } from '@tollgate/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, makeBilling, memoryLogger } from '../../../test/app';
import { type TestDb, testDatabase } from '../../../test/database';
import { namedQueries, qualify, tableNames } from '../src/store/sql';
import usageSql from '../src/store/sql/usage.sql';
import { meterDirectory } from '../src/usage/meters';
import { type Stack, startStack } from './helpers/stack';

let t: TestDb;
let s: Stack;
beforeAll(async () => {
  t = await testDatabase('usage_reads');
  s = await startStack(t, {
    config: {
      usage: {
        deliver: 'external',
        ratePerSecond: 1000,
        backoff: { baseMs: 1, maxMs: 5 },
        summarySettleSeconds: 1,
      },
    },
  });
  await s.subscribe('reader', 'pro', 'month');
}, 90_000);
afterAll(async () => {
  await s?.close();
  await t?.close();
});

/** The usage outbox's statement names (`sql/usage.sql`) by their text in this test's schema. */
function statementNames(): Map<string, string> {
  const names = new Map<string, string>();
  for (const [name, text] of namedQueries(usageSql))
    names.set(qualify(text, tableNames(t.schema)), name);
  return names;
}

/** A query function that runs on the test database and notes each usage statement by name. */
function noting(seen: string[]) {
  const names = statementNames();
  return (text: string, params?: unknown[]) => {
    seen.push(names.get(text) ?? 'other');
    return t.db.query(text, params);
  };
}

describe('what a usage call reads', { timeout: 60_000 }, () => {
  it('a record under a hard limit reads the link and the cached summary, then inserts — not the outbox figures /usage shows', async () => {
    // The first record of the period caches Stripe's summary; the second finds it cached.
    await s.billing.recordUsage('reader', 'exports', 1, { idempotencyKey: 'hard-1' });
    const seen: string[] = [];
    const record = await s.billing.recordUsage('reader', 'exports', 1, {
      idempotencyKey: 'hard-2',
      query: noting(seen),
    });
    expect(record.outcome).toBe('recorded');
    expect(seen).toEqual(['userBilling', 'summaries', 'insert']);
  });
});

describe('the in-process deliverer', { timeout: 60_000 }, () => {
  it('while usage waits out a backoff, it asks whether any is pending (EXISTS), never counting the outbox (stats)', async () => {
    await s.billing.usage.flush(); // only this test's row is pending
    const seen: string[] = [];
    const billing = makeBilling({
      stripe: s.stripe,
      store: { query: noting(seen) },
      schema: t.schema,
      logger: memoryLogger(),
      now: () => new Date(s.emulator.clock.now() * 1000),
      usage: { pollMs: 20, backoff: { baseMs: 300, maxMs: 300 } },
    });
    s.emulator.faults.api.fail({ status: 500, times: 1, path: '/v1/billing/meter_events' });
    try {
      await billing.recordUsage('reader', 'exports', 1, { idempotencyKey: 'poll-1' });
      for (let i = 0; i < 200 && !seen.includes('delivered'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await billing.usage.stop();
      s.emulator.faults.reset();
    }
    expect(seen).toContain('delivered');
    expect(seen.filter((name) => name === 'pending').length).toBeGreaterThan(1);
    expect(seen).not.toContain('stats');
  });
});

describe('the meter directory', { timeout: 60_000 }, () => {
  /** Meter lists the emulator served while `run` ran. */
  async function listsDuring(run: () => Promise<unknown>): Promise<number> {
    const before = s.emulator.requests.length;
    await run();
    return s.emulator.requests
      .slice(before)
      .filter((r) => r.method === 'GET' && r.path === '/v1/billing/meters').length;
  }

  it('concurrent lookups share one list; an unknown name re-lists at most once per interval', async () => {
    let clock = 0;
    const meters = meterDirectory(s.stripe, { now: () => clock, missMs: 30_000 });
    const many = (name: string) => Promise.all(Array.from({ length: 10 }, () => meters.get(name)));

    expect(await listsDuring(() => many('exports'))).toBe(1);
    expect(await listsDuring(() => many('no_such_meter'))).toBe(0);
    expect(await meters.get('no_such_meter')).toBeUndefined();

    clock += 30_001;
    expect(await listsDuring(() => many('no_such_meter'))).toBe(1);
    expect(await listsDuring(() => many('no_such_meter'))).toBe(0);

    // A meter created in Stripe since is found once the interval has passed.
    await s.stripe.billing.meters.create({
      display_name: 'late',
      event_name: 'late_meter',
      default_aggregation: { formula: 'sum' },
    });
    clock += 30_001;
    let late: Awaited<ReturnType<typeof meters.get>>;
    expect(
      await listsDuring(async () => {
        late = await meters.get('late_meter');
      }),
    ).toBe(1);
    expect(late!).toMatchObject({ id: expect.stringMatching(/^mtr_/), formula: 'sum' });
    expect(await meters.summing()).toContain('late_meter');
  });
});

describe("Stripe's meter event summaries", { timeout: 60_000 }, () => {
  it('one read within the settle time of a delivery is read again once that time passed (Stripe aggregates asynchronously), then kept', async () => {
    const meter = (await s.stripe.billing.meters.list()).data.find(
      (m) => m.event_name === 'api_calls',
    )!;
    /** Summary reads of the api_calls meter the emulator answered while `run` ran. */
    const summaryReads = async (run: () => Promise<unknown>) => {
      const before = s.emulator.requests.length;
      await run();
      return s.emulator.requests
        .slice(before)
        .filter(
          (r) => r.method === 'GET' && r.path === `/v1/billing/meters/${meter.id}/event_summaries`,
        ).length;
    };
    const usage = () => s.billing.handler(get('/usage', 'reader'));
    await usage(); // every plan meter's summary cached
    await s.billing.recordUsage('reader', 'api_calls', 4, { idempotencyKey: 'settle-1' });
    // Delivery reads the summary at once, which Stripe may not have aggregated the event into.
    expect(await summaryReads(() => s.billing.usage.flush())).toBe(1);
    expect(await summaryReads(usage)).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await summaryReads(usage)).toBe(1);
    expect(await summaryReads(usage)).toBe(0);
    const [calls] = ((await (await usage()).json()) as UsageResponse).meters;
    expect(calls).toMatchObject({ meter: 'api_calls', pending: 0 });
    expect(calls!.delivered).toBeGreaterThanOrEqual(4);
  });

  it("GET /usage catches up with Stripe's summary once it has aggregated a delivery (emulator summaries 30 s behind)", async () => {
    const apiCalls = async () =>
      ((await (await s.billing.handler(get('/usage', 'reader'))).json()) as UsageResponse)
        .meters[0]!;
    s.emulator.engine.config.meterSummaryDelaySeconds = 30;
    s.emulator.clock.advance(30); // what earlier tests sent is aggregated
    try {
      const base = (await apiCalls()).used;
      await s.billing.recordUsage('reader', 'api_calls', 6, { idempotencyKey: 'lag-1' });
      expect(await apiCalls()).toMatchObject({ used: base + 6, pending: 6 });
      await s.billing.usage.flush();
      // Read at delivery, Stripe's summary does not hold the event yet: for the settle time the
      // figure is what Stripe said.
      expect((await apiCalls()).used).toBe(base);
      s.emulator.clock.advance(30);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect(await apiCalls()).toMatchObject({ used: base + 6, delivered: base + 6, pending: 0 });
    } finally {
      delete s.emulator.engine.config.meterSummaryDelaySeconds;
    }
  });
});
