import { APP_URL, catalog, headerAuth } from '../../../../test/app';
import type { BillingConfig } from '../../src/config';
import { createBilling } from '../../src/create-billing';

/** Builds the test app's billing (catalog, session, URL from `test/app.ts`); `overrides` win. */
export function makeBilling(
  overrides: Partial<BillingConfig> & Pick<BillingConfig, 'stripe' | 'store'>,
) {
  return createBilling({
    webhookSecret: 'whsec_test_secret',
    catalog,
    appUrl: APP_URL,
    getUser: headerAuth,
    ...overrides,
  });
}
