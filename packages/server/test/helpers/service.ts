import { APP_URL, catalog, memoryLogger, unreachableStripe } from '../../../../test/app';
import type { TestDb } from '../../../../test/database';
import { createService, type Service } from '../../src/service/service';
import type { ServiceConfig } from '../../src/service/service-config';
import { recordServiceAnswer } from './openapi';

/**
 * The test app's billing as a service on `t`, for tests decided before any Stripe call; `auth`
 * and anything in `overrides` are the test's own. Every answer of its handler is checked against
 * the committed OpenAPI document (test/setup/openapi-responses.ts fails the test otherwise).
 */
export function testService(
  t: TestDb,
  overrides: Partial<ServiceConfig> & Pick<ServiceConfig, 'auth'>,
): Service {
  const service = createService({
    stripe: unreachableStripe,
    webhookSecret: 'whsec_test_secret',
    catalog,
    appUrl: APP_URL,
    store: t.db,
    schema: t.schema,
    logger: memoryLogger(),
    ...overrides,
  });
  return {
    ...service,
    handler: async (req) => {
      const response = await service.handler(req);
      await recordServiceAnswer(req.method, req.url, response);
      return response;
    },
  };
}
