import { definePlans, type PlanInput } from '@tollgate/core';
import { createStripeClient, type Emulator, startEmulator } from '@tollgate/stripe-emulator';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushCatalog } from '../src/stripe/push-catalog';

let emulator: Emulator;
let stripe: Stripe;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  stripe = createStripeClient(emulator, { maxNetworkRetries: 0 });
});
afterAll(() => emulator?.close());

/** 100 calls free, then 1¢ — described on one plan, named by its key alone on the other. */
const calls = {
  lookupKey: 'tgp_calls',
  currency: 'usd',
  tiers: [
    { upTo: 100, unitAmount: 0 },
    { upTo: 'inf' as const, unitAmount: 1 },
  ],
};

const plans = (price: PlanInput['meters'] = {}): PlanInput[] => [
  {
    key: 'starter',
    name: 'Starter',
    meters: {
      tgp_api_calls: { label: 'API calls', included: 100, limit: 'hard', price: 'tgp_calls' },
    },
    prices: { month: { lookupKey: 'tgp_starter_month', amount: 900, currency: 'usd' } },
  },
  {
    key: 'pro',
    name: 'Pro',
    meters: {
      tgp_api_calls: { label: 'API calls', included: 100, price: calls },
      tgp_seats_used: { label: 'Seats used', included: -1, formula: 'last' },
      ...price,
    },
    prices: { month: { lookupKey: 'tgp_pro_month', amount: 2900, currency: 'usd' } },
  },
];

const meterSteps = (steps: Awaited<ReturnType<typeof pushCatalog>>) =>
  steps.filter((step) => step.meter).map((step) => [step.meter, step.action, step.interval]);

/** POST requests the emulator answered while `run` ran. */
async function writesDuring(run: () => Promise<unknown>): Promise<string[]> {
  const before = emulator.requests.length;
  await run();
  return emulator.requests
    .slice(before)
    .filter((r) => r.method === 'POST')
    .map((r) => r.path);
}

describe('catalog push: meters and metered prices', { timeout: 60_000 }, () => {
  it('creates each meter once with its formula, and the metered price on it by lookup key', async () => {
    const steps = await pushCatalog(stripe, definePlans(plans()));
    expect(meterSteps(steps)).toEqual([
      ['tgp_api_calls', 'created', null],
      ['tgp_api_calls', 'created', null],
      ['tgp_api_calls', 'created', 'month'],
      ['tgp_seats_used', 'created', null],
    ]);
    const meters = (await stripe.billing.meters.list({ status: 'active' })).data;
    const apiCalls = meters.find((m) => m.event_name === 'tgp_api_calls')!;
    expect(apiCalls).toMatchObject({
      display_name: 'API calls',
      default_aggregation: { formula: 'sum' },
    });
    expect(meters.find((m) => m.event_name === 'tgp_seats_used')).toMatchObject({
      default_aggregation: { formula: 'last' },
    });
    const [price] = (
      await stripe.prices.list({ lookup_keys: ['tgp_calls'], expand: ['data.tiers'] })
    ).data;
    expect(price).toMatchObject({
      active: true,
      currency: 'usd',
      product: 'tollgate_meter_tgp_api_calls',
      billing_scheme: 'tiered',
      tiers_mode: 'graduated',
      recurring: { interval: 'month', usage_type: 'metered', meter: apiCalls.id },
    });
    expect(price!.tiers!.map((t) => [t.up_to, t.unit_amount])).toEqual([
      [100, 0],
      [null, 1],
    ]);
  });

  it('is idempotent: pushed again, everything is unchanged and nothing is written', async () => {
    let steps: Awaited<ReturnType<typeof pushCatalog>> = [];
    const writes = await writesDuring(async () => {
      steps = await pushCatalog(stripe, definePlans(plans()));
    });
    expect(writes).toEqual([]);
    expect(steps.every((step) => step.action === 'unchanged')).toBe(true);
    expect(meterSteps(steps)).toHaveLength(4);
  });

  it('a changed metered price takes over the lookup key; the old one stays for its subscribers', async () => {
    const [before] = (await stripe.prices.list({ lookup_keys: ['tgp_calls'] })).data;
    const repriced = plans({
      tgp_api_calls: {
        label: 'API calls',
        included: 100,
        price: {
          ...calls,
          tiers: [
            { upTo: 100, unitAmount: 0 },
            { upTo: 'inf', unitAmount: 2 },
          ],
        },
      },
    });
    const steps = await pushCatalog(stripe, definePlans(repriced));
    expect(steps.find((step) => step.meter === 'tgp_api_calls' && step.interval)?.action).toBe(
      'moved',
    );
    const [after] = (
      await stripe.prices.list({ lookup_keys: ['tgp_calls'], expand: ['data.tiers'] })
    ).data;
    expect(after!.id).not.toBe(before!.id);
    expect(after!.tiers![1]!.unit_amount).toBe(2);
    expect((await stripe.prices.retrieve(before!.id)).active).toBe(true);
  });

  it("a renamed label updates the meter's display name (the one field Stripe lets change)", async () => {
    const renamed = plans();
    for (const plan of renamed) {
      const calls = plan.meters!.tgp_api_calls!;
      plan.meters!.tgp_api_calls = { ...calls, label: 'Search calls' };
    }
    const steps = await pushCatalog(stripe, definePlans(renamed));
    // The meter and its product follow the label (its price is another test's business).
    expect(
      steps
        .filter((step) => step.meter === 'tgp_api_calls' && step.interval === null)
        .map((step) => [step.action, step.detail]),
    ).toEqual([
      ['updated', expect.stringMatching(/^meter mtr_\w+ \(display name "Search calls"\)$/)],
      ['updated', 'product tollgate_meter_tgp_api_calls'],
    ]);
    const meters = (await stripe.billing.meters.list({ status: 'active' })).data;
    expect(meters.find((m) => m.event_name === 'tgp_api_calls')?.display_name).toBe('Search calls');
  });

  it('a meter Stripe aggregates by another formula is a conflict: reported, nothing created on it', async () => {
    await stripe.billing.meters.create({
      display_name: 'Exports',
      event_name: 'tgp_exports',
      default_aggregation: { formula: 'count' },
    });
    const catalog = definePlans([
      {
        key: 'team',
        name: 'Team',
        meters: {
          tgp_exports: {
            label: 'Exports',
            included: 5,
            price: { lookupKey: 'tgp_exports_price', amount: 5, currency: 'usd' },
          },
        },
        prices: { month: { lookupKey: 'tgp_team_month', amount: 5000, currency: 'usd' } },
      },
    ]);
    const steps = await pushCatalog(stripe, catalog);
    expect(meterSteps(steps)).toEqual([['tgp_exports', 'conflict', null]]);
    expect(steps.find((step) => step.action === 'conflict')?.detail).toMatch(
      /aggregates by count, the catalog says sum — Stripe cannot change a meter's formula: give the catalog's meter that formula, or use a new event name/,
    );
    expect((await stripe.prices.list({ lookup_keys: ['tgp_exports_price'] })).data).toEqual([]);
  });
});
