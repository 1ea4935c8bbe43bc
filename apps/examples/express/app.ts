/**
 * Express 5: mount the Node adapter BEFORE any body parser — the webhook must read Stripe's raw
 * body, and `express.json()` would consume it.
 */
import { type BillingConfig, createBilling } from '@tollgate/server';
import { toNodeHandler } from '@tollgate/server/node';
import express, { type Express } from 'express';
import { plans } from '../shared/plans.ts';
import { userFromHeader } from '../shared/session.ts';

/** What the example needs from its environment. */
export type ExampleConfig = Pick<BillingConfig, 'stripe' | 'webhookSecret' | 'store' | 'appUrl'>;

/** The Express app with billing under `/api/billing`. */
export function createApp(config: ExampleConfig): Express {
  const billing = createBilling({ ...config, catalog: plans, getUser: userFromHeader });
  const app = express();
  app.use('/api/billing', toNodeHandler(billing));
  app.use(express.json()); // your own routes' parsers go after the billing mount
  app.get('/health', (_req, res) => {
    res.json({ ok: true });
  });
  return app;
}
