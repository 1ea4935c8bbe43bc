import { definePlans, type UsageResponse } from '@tollgate/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get } from '../../../test/app';
import { pglite, type TestDb } from '../../../test/database';
import { type Stack, startStack } from './helpers/stack';

/** Storage is a `last` meter (Stripe bills the latest value), capped at 10 GB. */
const catalog = definePlans([
  {
    key: 'vault',
    name: 'Vault',
    rank: 1,
    entitlements: { files: true },
    meters: { storage_gb: { label: 'Storage (GB)', included: 10, limit: 'hard', formula: 'last' } },
    prices: { month: { lookupKey: 'tgl_vault_month', amount: 1000, currency: 'usd' } },
  },
]);

let t: TestDb;
let s: Stack;
beforeAll(async () => {
  t = await pglite('usage_last');
  s = await startStack(t, {
    config: {
      catalog,
      usage: { deliver: 'external', ratePerSecond: 1000, backoff: { baseMs: 1, maxMs: 5 } },
    },
  });
  await s.subscribe('keeper', 'vault', 'month');
}, 90_000);
afterAll(async () => {
  await s?.close();
  await t?.close();
});

describe('a hard limit on a last meter', { timeout: 60_000 }, () => {
  it('checks the value reported, not a sum: 5 GB three times is 5 GB used; 11 GB is refused; Stripe keeps the latest', async () => {
    await s.advance(120); // the period began at subscribe: the timestamps below fall in it
    const now = s.emulator.clock.now();
    const record = (value: number, key: string, timestamp: number) =>
      s.billing.recordUsage('keeper', 'storage_gb', value, { idempotencyKey: key, timestamp });
    for (let i = 0; i < 3; i++) {
      expect(await record(5, `gb-${i}`, now - 30 + i)).toMatchObject({ outcome: 'recorded' });
    }
    const usage = async () =>
      ((await (await s.billing.handler(get('/usage', 'keeper'))).json()) as UsageResponse)
        .meters[0]!;
    expect(await usage()).toMatchObject({ meter: 'storage_gb', used: 5, state: 'ok' });
    await expect(record(11, 'gb-big', now - 20)).rejects.toMatchObject({
      code: 'USAGE_LIMIT_REACHED',
      status: 403,
      message:
        'Storage (GB): this plan allows up to 10 and 11 was reported — upgrade the plan to use more.',
    });
    expect(await record(10, 'gb-full', now - 10)).toMatchObject({ outcome: 'recorded' });
    expect(await s.billing.usage.flush()).toMatchObject({ delivered: 4, refused: 0 });
    expect(await usage()).toMatchObject({ used: 10, delivered: 10, pending: 0, state: 'blocked' });
    const meter = (await s.stripe.billing.meters.list()).data.find(
      (m) => m.event_name === 'storage_gb',
    )!;
    expect(meter.default_aggregation.formula).toBe('last');
  });
});
