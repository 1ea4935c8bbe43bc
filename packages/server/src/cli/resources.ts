import type { Queryable } from '../store/types';
import { type StripeInput, stripeClient } from '../stripe/client';
import type { CliConfig } from './load-config';

/** Options every command accepts. */
export interface CommandOptions {
  config?: string | undefined;
  schema?: string | undefined;
}

/** The store from the config, else a pg Pool on DATABASE_URL. Returns a closer for the pool. */
export async function openStore(
  config: Partial<CliConfig>,
): Promise<{ db: Queryable; close: () => Promise<void> }> {
  if (config.store) return { db: config.store, close: async () => {} };
  const url = process.env.DATABASE_URL;
  if (!url)
    throw new Error(
      'Set DATABASE_URL (or give the config a store) so tollgate can reach PostgreSQL.',
    );
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  return { db: pool, close: () => pool.end() };
}

/** The Stripe input from the config, else STRIPE_SECRET_KEY (+ STRIPE_API_BASE for the emulator). */
export function stripeInput(config: Partial<CliConfig>): StripeInput {
  if (config.stripe) return config.stripe;
  const secretKey = process.env.STRIPE_SECRET_KEY;
  if (!secretKey)
    throw new Error('Set STRIPE_SECRET_KEY (or give the config a stripe client/key).');
  const base = process.env.STRIPE_API_BASE;
  if (!base) return secretKey;
  const url = new URL(base);
  return {
    secretKey,
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
    protocol: url.protocol === 'https:' ? 'https' : 'http',
  };
}

/** A Stripe client for the CLI. */
export function cliStripe(config: Partial<CliConfig>) {
  return stripeClient(stripeInput(config));
}
