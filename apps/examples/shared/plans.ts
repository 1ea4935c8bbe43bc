import { definePlans } from '@tollgate/core';

/** The catalog every example mounts: a free plan and one paid plan, monthly or yearly. */
export const plans = definePlans([
  { key: 'free', name: 'Free', free: true, entitlements: { projects: 1 } },
  {
    key: 'pro',
    name: 'Pro',
    entitlements: { projects: -1, api_access: true },
    prices: {
      month: { lookupKey: 'example_pro_monthly', amount: 2000, currency: 'usd' },
      year: { lookupKey: 'example_pro_yearly', amount: 20000, currency: 'usd' },
    },
  },
]);
