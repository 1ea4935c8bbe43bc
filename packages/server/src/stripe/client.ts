import { BillingError } from '@tollgate/core';
import Stripe from 'stripe';

/** Where to reach Stripe when Tollgate builds the client itself (e.g. the emulator). */
export interface StripeConnection {
  secretKey: string;
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
  maxNetworkRetries?: number;
}

/** A ready client, a secret key, or a key with connection settings. */
export type StripeInput = Stripe | string | StripeConnection;

/** Whether `value` looks like a constructed `stripe` client (duck-typed: copies of the SDK differ). */
export function isStripeClient(value: unknown): value is Stripe {
  return (
    typeof value === 'object' &&
    value !== null &&
    'subscriptions' in value &&
    'customers' in value &&
    'webhooks' in value
  );
}

/**
 * The Stripe client for a config value. Clients built here pin the API version the SDK was
 * generated for, so objects always have the shapes Tollgate reads.
 */
export function stripeClient(input: StripeInput): Stripe {
  if (isStripeClient(input)) return input;
  const connection: StripeConnection = typeof input === 'string' ? { secretKey: input } : input;
  return new Stripe(connection.secretKey, {
    apiVersion: Stripe.API_VERSION,
    appInfo: { name: 'Tollgate', url: 'https://github.com/tollgate-billing/tollgate' },
    maxNetworkRetries: connection.maxNetworkRetries ?? 2,
    ...(connection.host ? { host: connection.host } : {}),
    ...(connection.port ? { port: connection.port } : {}),
    ...(connection.protocol ? { protocol: connection.protocol } : {}),
  });
}

/**
 * The Stripe input from environment variables: `STRIPE_SECRET_KEY`, and `STRIPE_API_BASE` to
 * reach another Stripe API (the Tollgate emulator: `http://127.0.0.1:12111`) — one variable
 * switches an app between Stripe and the emulator.
 *
 * @example
 * createBilling({ stripe: stripeFromEnv(process.env), ... });
 */
export function stripeFromEnv(env: Record<string, string | undefined>): StripeInput {
  const secretKey = env.STRIPE_SECRET_KEY;
  if (!secretKey)
    throw new BillingError(
      'CONFIG_INVALID',
      'Set STRIPE_SECRET_KEY (sk_test_… from your Stripe dashboard or the emulator).',
    );
  const base = env.STRIPE_API_BASE;
  if (!base) return secretKey;
  const url = new URL(base);
  return {
    secretKey,
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
    protocol: url.protocol === 'https:' ? 'https' : 'http',
  };
}
