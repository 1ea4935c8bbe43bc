import { definePlans, type Preview } from '@tollgate/core';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, post } from '../../../test/app';
import { pglite, type TestDb } from '../../../test/database';
import { createStore } from '../src/store/store';
import { DAY, type Stack, startStack } from './helpers/stack';

/** 2¢ a call, 5¢ an export, billed on the usage of each monthly period (catalog push creates them). */
const calls = { lookupKey: 'tgm_calls', amount: 2, currency: 'usd' };
const exportsPrice = { lookupKey: 'tgm_exports', amount: 5, currency: 'usd' };

/** Starter meters API calls; Scale API calls and exports; Flat has no meters. */
const catalog = definePlans([
  {
    key: 'starter',
    name: 'Starter',
    rank: 1,
    entitlements: { api: true },
    meters: { api_calls: { label: 'API calls', included: 0, price: calls } },
    prices: { month: { lookupKey: 'tgm_starter_month', amount: 1000, currency: 'usd' } },
  },
  {
    key: 'scale',
    name: 'Scale',
    rank: 2,
    entitlements: { api: true },
    meters: {
      api_calls: { label: 'API calls', included: 0, price: calls },
      exports: { label: 'Exports', included: 0, price: exportsPrice },
    },
    prices: { month: { lookupKey: 'tgm_scale_month', amount: 3000, currency: 'usd' } },
  },
  {
    key: 'flat',
    name: 'Flat',
    rank: 3,
    entitlements: { api: true },
    prices: { month: { lookupKey: 'tgm_flat_month', amount: 5000, currency: 'usd' } },
  },
]);

let t: TestDb;
let s: Stack;
beforeAll(async () => {
  t = await pglite('metered');
  s = await startStack(t, {
    config: {
      catalog,
      usage: { deliver: 'external', ratePerSecond: 1000, backoff: { baseMs: 1, maxMs: 5 } },
    },
  });
}, 90_000);
afterAll(async () => {
  await s?.close();
  await t?.close();
});

const json = async <T>(res: Response) => (await res.json()) as T;

async function customerOf(user: string): Promise<string> {
  return (await createStore(t.db, t.schema).customerForUser(user))!.customerId!;
}

async function subscriptionOf(user: string): Promise<Stripe.Subscription> {
  const list = await s.stripe.subscriptions.list({ customer: await customerOf(user) });
  return list.data[0]!;
}

/** The subscription's items as `lookup key × quantity` (metered items have no quantity). */
async function itemsOf(user: string): Promise<string[]> {
  const sub = await subscriptionOf(user);
  return sub.items.data
    .map((i) => `${i.price.lookup_key}${i.quantity == null ? '' : ` x${i.quantity}`}`)
    .sort();
}

describe('metered prices on subscriptions', { timeout: 60_000 }, () => {
  it('checkout attaches the plan meters; the renewal invoice bills the delivered usage at the metered price', async () => {
    await s.subscribe('meter-ana', 'starter', 'month');
    expect(await itemsOf('meter-ana')).toEqual(['tgm_calls', 'tgm_starter_month x1']);
    expect(await s.status('meter-ana')).toMatchObject({ plan: 'starter', interval: 'month' });
    for (let i = 0; i < 3; i++) {
      await s.billing.recordUsage('meter-ana', 'api_calls', 7, { idempotencyKey: `ana-${i}` });
    }
    expect(await s.billing.usage.flush()).toMatchObject({ refused: 0 });
    const sub = await subscriptionOf('meter-ana');
    await s.advanceTo(sub.items.data[0]!.current_period_end + 3600);
    const invoices = await s.stripe.invoices.list({ customer: await customerOf('meter-ana') });
    const renewal = invoices.data.find((i) => i.billing_reason === 'subscription_cycle')!;
    const usage = renewal.lines.data.find((l) => l.amount === 42);
    expect(usage, JSON.stringify(renewal.lines.data.map((l) => l.amount))).toBeDefined();
    expect(renewal.total).toBe(1000 + 21 * 2);
  });

  it('an upgrade adds the metered prices the new plan has, and the preview is what is billed', async () => {
    await s.subscribe('meter-bo', 'starter', 'month');
    await s.advance(3 * DAY);
    const { preview } = await s.previewThenChange('meter-bo', { plan: 'scale', interval: 'month' });
    expect(preview).toMatchObject({ effective: 'now' });
    await s.settle();
    expect(await itemsOf('meter-bo')).toEqual(['tgm_calls', 'tgm_exports', 'tgm_scale_month x1']);
    const sub = await subscriptionOf('meter-bo');
    const latest = await s.stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(latest.amount_due).toBe(preview.amountDue);
    expect(await s.status('meter-bo')).toMatchObject({ plan: 'scale' });
  });

  it('a downgrade at period end keeps exactly the target plan metered items through the schedule', async () => {
    await s.subscribe('meter-cy', 'scale', 'month');
    const preview = await json<Preview>(
      await s.billing.handler(post('/preview', { plan: 'starter', interval: 'month' }, 'meter-cy')),
    );
    expect(preview).toMatchObject({ effective: 'period_end', nextBillAmount: 1000 });
    const res = await s.billing.handler(
      post('/change', { plan: 'starter', interval: 'month' }, 'meter-cy'),
    );
    expect(res.status).toBe(200);
    await s.settle();
    // Until the period ends, Scale with both meters stays.
    expect(await itemsOf('meter-cy')).toEqual(['tgm_calls', 'tgm_exports', 'tgm_scale_month x1']);
    expect(await s.status('meter-cy')).toMatchObject({ plan: 'scale' });
    const sub = await subscriptionOf('meter-cy');
    await s.advanceTo(sub.items.data[0]!.current_period_end + 3600);
    expect(await itemsOf('meter-cy')).toEqual(['tgm_calls', 'tgm_starter_month x1']);
    expect(await s.status('meter-cy')).toMatchObject({ plan: 'starter' });
    const invoices = await s.stripe.invoices.list({ customer: await customerOf('meter-cy') });
    const renewal = invoices.data.find((i) => i.billing_reason === 'subscription_cycle')!;
    expect(renewal.amount_due).toBe(preview.nextBillAmount);
  });

  it('an upgrade to a plan without meters deletes the metered items', async () => {
    await s.subscribe('meter-dee', 'scale', 'month');
    const res = await s.billing.handler(
      post('/change', { plan: 'flat', interval: 'month' }, 'meter-dee'),
    );
    expect(res.status).toBe(200);
    await s.settle();
    expect(await itemsOf('meter-dee')).toEqual(['tgm_flat_month x1']);
    expect(await s.status('meter-dee')).toMatchObject({ plan: 'flat' });
  });

  it("plans' and meters' prices are one cached read: checkout, preview, change and /usage list prices once; a price event reads them again", async () => {
    const calls = (await s.stripe.prices.list({ lookup_keys: ['tgm_calls'] })).data[0]!;
    /** GETs of prices the emulator answered while `run` ran. */
    const priceReads = async (run: () => Promise<unknown>) => {
      const before = s.emulator.requests.length;
      await run();
      await s.settle();
      return s.emulator.requests
        .slice(before)
        .filter((r) => r.method === 'GET' && r.path.startsWith('/v1/prices'))
        .map((r) => r.path);
    };
    // A price.updated event drops the cache: the next billing call reads the catalog again.
    await priceReads(() => s.stripe.prices.update(calls.id, { metadata: { read: '1' } }));
    const reads = await priceReads(async () => {
      await s.subscribe('meter-eve', 'starter', 'month');
      await s.previewThenChange('meter-eve', { plan: 'scale', interval: 'month' });
      const usage = await s.billing.handler(get('/usage', 'meter-eve'));
      expect(usage.status).toBe(200);
    });
    expect(await itemsOf('meter-eve')).toEqual(['tgm_calls', 'tgm_exports', 'tgm_scale_month x1']);
    expect(reads).toEqual(['/v1/prices']);
    const again = await priceReads(async () => {
      await s.stripe.prices.update(calls.id, { metadata: { read: '2' } });
      await s.settle();
      await s.billing.handler(
        post('/preview', { plan: 'starter', interval: 'month' }, 'meter-eve'),
      );
    });
    expect(again).toEqual(['/v1/prices']);
  });
});
