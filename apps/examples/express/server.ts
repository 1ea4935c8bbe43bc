/** `tsx apps/examples/express/server.ts` with STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, DATABASE_URL, APP_URL set. */
import pg from 'pg';
import { requireEnv } from '../shared/env';
import { createApp } from './app';

const env = requireEnv(['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'DATABASE_URL', 'APP_URL']);
const port = Number(process.env.PORT ?? 3000);
createApp({
  stripe: env.STRIPE_SECRET_KEY,
  webhookSecret: env.STRIPE_WEBHOOK_SECRET,
  store: new pg.Pool({ connectionString: env.DATABASE_URL }),
  appUrl: env.APP_URL,
}).listen(port, () => console.log(`Billing on http://localhost:${port}/api/billing`));
