/** `tsx apps/examples/hono/server.ts` with STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, DATABASE_URL, APP_URL set. */
import { serve } from '@hono/node-server';
import pg from 'pg';
import { requireEnv } from '../shared/env';
import { createApp } from './app';

const env = requireEnv(['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'DATABASE_URL', 'APP_URL']);
const app = createApp({
  stripe: env.STRIPE_SECRET_KEY,
  webhookSecret: env.STRIPE_WEBHOOK_SECRET,
  store: new pg.Pool({ connectionString: env.DATABASE_URL }),
  appUrl: env.APP_URL,
});
serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000) }, (info) => {
  console.log(`Billing on http://localhost:${info.port}/api/billing`);
});
