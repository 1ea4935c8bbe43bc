/**
 * `bun run bun-deno/server.ts` (port from PORT) or `deno serve -A --port 3000 bun-deno/server.ts`,
 * with STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET and APP_URL set; STRIPE_API_BASE to use the
 * Stripe emulator. Without DATABASE_URL the store is embedded PGlite in ./.tollgate/pglite,
 * created and migrated on the first request — no database server needed.
 */
import { stripeFromEnv } from '@tollgate/server';
import { requireEnv } from '../shared/env.ts';
import { createApp } from './app.ts';

const env = requireEnv(['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'APP_URL']);

export default createApp({
  stripe: stripeFromEnv(process.env),
  webhookSecret: env.STRIPE_WEBHOOK_SECRET,
  store: process.env.DATABASE_URL,
  appUrl: env.APP_URL,
});
