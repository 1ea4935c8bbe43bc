import { definePlans } from '@tollgate/core';
import type { BillingConfig } from '@tollgate/server';
import { silentLogger } from '@tollgate/server';
import { WEBHOOK_SECRET } from './event';

/** A two-plan catalog like a small SaaS has (lookup keys the emulator bench pushes). */
export const BENCH_CATALOG = definePlans([
  { key: 'free', name: 'Free', free: true, entitlements: { projects: 1 } },
  {
    key: 'pro',
    name: 'Pro',
    entitlements: { projects: 10, api_access: true },
    prices: {
      month: { lookupKey: 'bench_pro_monthly', amount: 2900, currency: 'usd' },
      year: { lookupKey: 'bench_pro_yearly', amount: 29000, currency: 'usd' },
    },
  },
]);

/** Config shared by every benchmark server; callers add `stripe`, `store` and `getUser`. */
export function benchConfig(
  overrides: Partial<BillingConfig> & Pick<BillingConfig, 'store'>,
): BillingConfig {
  return {
    stripe: 'sk_test_bench',
    webhookSecret: WEBHOOK_SECRET,
    catalog: BENCH_CATALOG,
    appUrl: 'http://127.0.0.1',
    getUser: () => null,
    logger: silentLogger,
    // Throughput cells measure the pipeline, not the Stripe read budget or the read window
    // (which would make events/s the budget's rate): those have rows of their own.
    stripeReads: { perSecond: 1_000_000, coalesceMs: 0 },
    ...overrides,
  };
}
