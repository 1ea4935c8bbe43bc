/**
 * A usage deliverer in its own process, for `usage-crash.test.ts` to SIGKILL mid-batch. Reads
 * its database (`USAGE_PGLITE_DIR` or `USAGE_DATABASE_URL`, schema `USAGE_SCHEMA`) and the
 * emulator (`USAGE_STRIPE_URL`, `USAGE_STRIPE_KEY`) from the environment and flushes slowly.
 */
import { PGlite } from '@electric-sql/pglite';
import { createBilling, type Queryable } from '@tollgate/server';
import pg from 'pg';
import Stripe from 'stripe';
import { catalog } from '../../app';

const env = (name: string) => process.env[name] ?? '';
const url = new URL(env('USAGE_STRIPE_URL'));
const db: Queryable = process.env.USAGE_PGLITE_DIR
  ? await PGlite.create(env('USAGE_PGLITE_DIR'))
  : new pg.Pool({ connectionString: env('USAGE_DATABASE_URL') });
const billing = createBilling({
  stripe: new Stripe(env('USAGE_STRIPE_KEY'), {
    host: url.hostname,
    port: Number(url.port),
    protocol: 'http',
    maxNetworkRetries: 0,
  }),
  webhookSecret: 'whsec_unused',
  catalog,
  appUrl: 'http://localhost',
  getUser: () => null,
  store: db,
  schema: env('USAGE_SCHEMA'),
  usage: { deliver: 'external', ratePerSecond: 10, concurrency: 1, leaseSeconds: 1 },
});
process.stdout.write('ready\n');
await billing.usage.flush();
process.stdout.write('flushed\n');
process.exit(0);
