import { definePlans } from '@tollgate/core';

/** The meter the demo's API console reports to (`billing.recordUsage(user, API_CALLS_METER, 1, {idempotencyKey})`). */
export const API_CALLS_METER = 'demo_api_calls';

/** The metered price of "API calls", monthly: the first 100 free (the plans' included amount), then 1¢. */
const API_CALLS = {
  lookupKey: 'demo_api_calls_tiered',
  currency: 'usd',
  tiers: [
    { upTo: 100, unitAmount: 0 },
    { upTo: 'inf' as const, unitAmount: 1 },
  ],
};

/** "API calls" with 100 included, then billed at 1¢ each: a soft limit (Pro and Enterprise). */
const API_CALLS_SOFT = { label: 'API calls', included: 100, price: API_CALLS };

/**
 * The demo's plan catalog: four plans, monthly and yearly. `tollgate catalog push` (run by the
 * demo at start-up) creates the products and prices from the lookup keys and amounts below, and
 * the "API calls" meter with its metered price.
 */
export const demoCatalog = definePlans([
  {
    key: 'free',
    name: 'Free',
    description: 'For trying things out.',
    free: true,
    features: ['1 project', 'Community support'],
    entitlements: { projects: 1, api_access: false },
  },
  {
    key: 'starter',
    name: 'Starter',
    description: 'For side projects that grew up.',
    features: ['3 projects', 'API access', 'Email support'],
    entitlements: { projects: 3, api_access: true },
    // 100 API calls a month, then refused: a hard limit.
    meters: {
      [API_CALLS_METER]: { label: 'API calls', included: 100, limit: 'hard', price: API_CALLS },
    },
    prices: {
      month: { lookupKey: 'demo_starter_monthly', amount: 900, currency: 'usd' },
      year: { lookupKey: 'demo_starter_yearly', amount: 9000, currency: 'usd' },
    },
  },
  {
    key: 'pro',
    name: 'Pro',
    description: 'For teams shipping every day.',
    recommended: true,
    // The 14-day trial is shown by the pricing table's own badge, from trialDays.
    features: ['10 projects', 'API access', 'Priority support'],
    entitlements: { projects: 10, api_access: true },
    meters: { [API_CALLS_METER]: API_CALLS_SOFT },
    trialDays: 14,
    prices: {
      month: { lookupKey: 'demo_pro_monthly', amount: 2900, currency: 'usd' },
      year: { lookupKey: 'demo_pro_yearly', amount: 29000, currency: 'usd' },
    },
  },
  {
    key: 'team',
    name: 'Team',
    description: 'Priced per seat, for teams that grow.',
    features: ['Everything in Pro', '5 projects per seat', 'From 2 to 50 seats'],
    // Projects scale with seats: 5 per seat.
    entitlements: { projects: 0, api_access: true },
    seats: { min: 2, max: 50, perSeat: { projects: 5 } },
    prices: {
      month: { lookupKey: 'demo_team_monthly', amount: 1200, currency: 'usd' },
      year: { lookupKey: 'demo_team_yearly', amount: 12000, currency: 'usd' },
    },
  },
  {
    key: 'enterprise',
    name: 'Enterprise',
    description: 'For organisations with many teams.',
    features: ['Unlimited projects', 'API access', 'SAML single sign-on'],
    entitlements: { projects: -1, api_access: true, sso: true },
    meters: { [API_CALLS_METER]: API_CALLS_SOFT },
    prices: {
      month: { lookupKey: 'demo_enterprise_monthly', amount: 9900, currency: 'usd' },
      year: { lookupKey: 'demo_enterprise_yearly', amount: 99000, currency: 'usd' },
    },
  },
]);
