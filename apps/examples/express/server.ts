/**
 * `tsx express/server.ts` with STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET and APP_URL set;
 * DATABASE_URL for PostgreSQL (else embedded PGlite in ./.tollgate/pglite); STRIPE_API_BASE to
 * use the Stripe emulator instead of Stripe.
 */
import { stripeFromEnv } from '@tollgate/server';
import { requireEnv } from '../shared/env.ts';
import { createApp } from './app.ts';

const env = requireEnv(['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'APP_URL']);
const port = Number(process.env.PORT ?? 3000);
createApp({
  stripe: stripeFromEnv(process.env),
  webhookSecret: env.STRIPE_WEBHOOK_SECRET,
  store: process.env.DATABASE_URL,
  appUrl: env.APP_URL,
}).listen(port, () => console.log(`Billing on http://localhost:${port}/api/billing`));
