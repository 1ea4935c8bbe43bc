import { APP_URL, catalog, memoryLogger, unreachableStripe } from '../../../../test/app';
import type { TestDb } from '../../../../test/database';
import { createService } from '../../src/service/service';
import type { ServiceConfig } from '../../src/service/service-config';

/**
 * The test app's billing as a service on `t`, for tests decided before any Stripe call; `auth`
 * and anything in `overrides` are the test's own.
 */
export function testService(
  t: TestDb,
  overrides: Partial<ServiceConfig> & Pick<ServiceConfig, 'auth'>,
) {
  return createService({
    stripe: unreachableStripe,
    webhookSecret: 'whsec_test_secret',
    catalog,
    appUrl: APP_URL,
    store: t.db,
    schema: t.schema,
    logger: memoryLogger(),
    ...overrides,
  });
}
