/**
 * Hono: mount `billing.handler` on the billing paths. `c.req.raw` is the untouched Request, so
 * the webhook sees Stripe's raw body. Runs on any runtime Hono runs on.
 */
import { type BillingConfig, createBilling } from '@tollgate/server';
import { Hono } from 'hono';
import { plans } from '../shared/plans.ts';
import { userFromHeader } from '../shared/session.ts';

/** What the example needs from its environment. */
export type ExampleConfig = Pick<BillingConfig, 'stripe' | 'webhookSecret' | 'store' | 'appUrl'>;

/** The Hono app with billing under `/api/billing`. */
export function createApp(config: ExampleConfig): Hono {
  const billing = createBilling({ ...config, catalog: plans, getUser: userFromHeader });
  const app = new Hono();
  app.all('/api/billing/*', (c) => billing.handler(c.req.raw));
  return app;
}
