import { describe, expect, it } from 'vitest';
import { BillingError } from '../contract/errors';
import { definePlans, type PlanInput } from './define-plans';

const free: PlanInput = { key: 'free', name: 'Free', free: true };
const pro: PlanInput = { key: 'pro', name: 'Pro', prices: { month: 'pro_monthly' } };

describe('definePlans', () => {
  it('normalises plans, orders them by rank and finds them by key and price', () => {
    const catalog = definePlans([
      { ...pro, rank: 2, prices: { month: 'pro_monthly', year: { priceId: 'price_pro_y' } } },
      { ...free, rank: 1 },
    ]);
    expect(catalog.plans.map((p) => p.key)).toEqual(['free', 'pro']);
    expect(catalog.freePlan?.key).toBe('free');
    expect(catalog.get('pro')).toMatchObject({
      description: '',
      features: [],
      entitlements: {},
      trialDays: 0,
      prices: { month: { lookupKey: 'pro_monthly' }, year: { priceId: 'price_pro_y' } },
    });
    expect(catalog.findByPrice({ id: 'price_x', lookup_key: 'pro_monthly' })).toMatchObject({
      plan: { key: 'pro' },
      interval: 'month',
    });
    expect(catalog.findByPrice({ id: 'price_pro_y' })).toMatchObject({ interval: 'year' });
    expect(catalog.findByPrice({ id: 'price_other', lookup_key: null })).toBeUndefined();
  });

  it.each<[string, unknown, string]>([
    ['an empty catalog', [], 'Plan catalog: pass a non-empty array of plans to definePlans().'],
    ['a bad key', [{ ...pro, key: 'Pro Plan' }], 'plan "Pro Plan": key must be lower-case'],
    ['an empty name', [{ ...pro, name: '' }], 'plan "pro": name must not be empty'],
    [
      'a negative limit',
      [{ ...pro, entitlements: { seats: -2 } }],
      'plan "pro": entitlements.seats limits must be ≥ 0, or -1 for unlimited',
    ],
    [
      'a fractional limit',
      [{ ...pro, entitlements: { seats: 1.5 } }],
      'plan "pro": entitlements.seats',
    ],
    [
      'a bad lookup key',
      [{ ...pro, prices: { month: 'pro monthly' } }],
      'plan "pro": prices.month',
    ],
    [
      'a bad price id',
      [{ ...pro, prices: { year: { priceId: 'prod_1' } } }],
      'plan "pro": prices.year',
    ],
    ['an unknown interval', [{ ...pro, prices: { week: 'pro_w' } }], 'plan "pro": prices'],
    [
      'a trial too long',
      [{ ...pro, trialDays: 1000 }],
      'plan "pro": trialDays Stripe allows at most 730 days',
    ],
    ['an unknown field', [{ ...pro, price: 10 }], 'plan "pro"'],
    [
      'a paid plan without prices',
      [{ key: 'team', name: 'Team' }],
      'plan "team": prices needs a month or year price (or set free: true)',
    ],
    [
      'a priced free plan',
      [{ ...free, prices: { month: 'free_m' } }],
      'plan "free": prices must be empty on the free plan',
    ],
    [
      'a free plan with a trial',
      [{ ...free, trialDays: 7 }],
      'plan "free": trialDays makes no sense on the free plan',
    ],
    [
      'a duplicate key',
      [pro, { ...pro, prices: { month: 'other' } }],
      'plan "pro": key is used by two plans',
    ],
    [
      'a duplicate rank',
      [
        { ...free, rank: 1 },
        { ...pro, rank: 1 },
      ],
      'plan "pro": rank 1 is also the rank of plan "free"',
    ],
    [
      'a shared price',
      [pro, { key: 'team', name: 'Team', prices: { year: 'pro_monthly' } }],
      'plan "team": prices.year "pro_monthly" is already used by plan "pro"',
    ],
    [
      'two free plans',
      [free, { ...free, key: 'hobby' }],
      'plan "hobby": free is also set on plan "free"; only one plan can be free',
    ],
    ['the reserved key', [{ ...free, key: 'none' }], 'plan "none": key is reserved'],
    ['a plan without a key', [{ name: 'Nameless', free: true }], 'plan "#0": key'],
    [
      'one meter with two formulas',
      [
        { ...pro, meters: { calls: { label: 'Calls', included: 0, formula: 'count' } } },
        {
          key: 'team',
          name: 'Team',
          prices: { month: 'team_monthly' },
          meters: { calls: { label: 'Calls', included: 0 } },
        },
      ],
      'plan "team": meters.calls.formula is "sum" but "count" on plan "pro" — one event name is one Stripe meter',
    ],
    [
      'one metered lookup key described two ways',
      [
        {
          ...pro,
          meters: {
            calls: {
              label: 'Calls',
              included: 0,
              price: { lookupKey: 'calls', amount: 1, currency: 'usd' },
            },
          },
        },
        {
          key: 'team',
          name: 'Team',
          prices: { month: 'team_monthly' },
          meters: {
            calls: {
              label: 'Calls',
              included: 0,
              price: { lookupKey: 'calls', amount: 2, currency: 'usd' },
            },
          },
        },
      ],
      'plan "team": meters.calls.price "calls" is described differently on plan "pro"',
    ],
    [
      'metered tiers that do not end at inf',
      [
        {
          ...pro,
          meters: {
            calls: {
              label: 'Calls',
              included: 0,
              price: { lookupKey: 'calls', currency: 'usd', tiers: [{ upTo: 10, unitAmount: 0 }] },
            },
          },
        },
      ],
      'plan "pro": meters.calls.price.tiers must end with upTo: \'inf\'',
    ],
  ])('rejects %s with a message naming the plan and field', (_, input, message) => {
    expect(() => definePlans(input as PlanInput[])).toThrow(BillingError);
    expect(() => definePlans(input as PlanInput[])).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
    expect(() => definePlans(input as PlanInput[])).toThrow(message);
  });
});

describe('plan meters', () => {
  it('default to a sum meter; a price named by its key alone on one plan may be described on another', () => {
    const price = { lookupKey: 'calls', amount: 1, currency: 'usd' };
    const catalog = definePlans([
      { ...pro, meters: { calls: { label: 'Calls', included: 0, price: 'calls' } } },
      {
        key: 'team',
        name: 'Team',
        prices: { month: 'team_monthly' },
        meters: { calls: { label: 'Calls', included: 0, price } },
      },
    ]);
    expect(catalog.get('pro')!.meters.calls).toEqual({
      label: 'Calls',
      included: 0,
      limit: 'soft',
      formula: 'sum',
      price: { lookupKey: 'calls' },
    });
    expect(catalog.get('team')!.meters.calls!.price).toEqual(price);
  });
});
