import { closeClient, type OpenedStore, openStore } from '../store/open';
import { type StripeInput, stripeClient, stripeFromEnv } from '../stripe/client';
import type { CliConfig } from './load-config';

/** Options every command accepts. */
export interface CommandOptions {
  config?: string | undefined;
  schema?: string | undefined;
}

/**
 * The store a command uses: the config's, else DATABASE_URL, else the embedded PGlite the server
 * opens by default. `close` ends it all — also a client the config built — so the command exits.
 */
export function cliStore(config: Partial<CliConfig>): OpenedStore {
  const opened = openStore(config.store ?? process.env.DATABASE_URL);
  if (opened.kind !== 'client') return opened;
  return { ...opened, close: () => closeClient(opened.db) };
}

/** The Stripe input from the config, else STRIPE_SECRET_KEY (+ STRIPE_API_BASE for the emulator). */
export function stripeInput(config: Partial<CliConfig>): StripeInput {
  return config.stripe ?? stripeFromEnv(process.env);
}

/** A Stripe client for the CLI. */
export function cliStripe(config: Partial<CliConfig>) {
  return stripeClient(stripeInput(config));
}
