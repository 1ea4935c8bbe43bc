/**
 * `bun run apps/examples/bun-deno/server.ts` or `deno serve -A apps/examples/bun-deno/server.ts`
 * (both read `process.env`; Deno 2 provides it). PGlite runs on both without a database server.
 */
import { PGlite } from '@electric-sql/pglite';
import { migrate } from '@tollgate/server';
import { requireEnv } from '../shared/env';
import { createApp } from './app';

const env = requireEnv(['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'APP_URL']);
const store = await PGlite.create(process.env.PGLITE_DIR ?? './.tollgate/pglite');
await migrate(store);

export default createApp({
  stripe: env.STRIPE_SECRET_KEY,
  webhookSecret: env.STRIPE_WEBHOOK_SECRET,
  store,
  appUrl: env.APP_URL,
});
