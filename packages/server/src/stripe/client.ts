import { BillingError } from '@tollgate/core';
import Stripe from 'stripe';

/** Where to reach Stripe when Tollgate builds the client itself (e.g. the emulator). */
export interface StripeConnection {
  secretKey: string;
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
  /**
   * How long one request to Stripe may take before it is abandoned, in milliseconds. Default
   * {@link DEFAULT_STRIPE_TIMEOUT_MS}; the SDK's own default (80 s) would hold a page for minutes.
   */
  timeoutMs?: number;
  /** Retries after a connection error, timeout, 409 or 5xx. Default {@link DEFAULT_STRIPE_RETRIES}. */
  maxNetworkRetries?: number;
}

/** Default per-request timeout of a client built from config: 5 s (Stripe answers in well under 1 s). */
export const DEFAULT_STRIPE_TIMEOUT_MS = 5_000;
/**
 * Default retries of a client built from config. With the default timeout, a Stripe that never
 * answers costs a request at most about 3 × 5 s plus the SDK's backoff (≈ 1.5 s) before it
 * answers 503 `STRIPE_UNAVAILABLE`.
 */
export const DEFAULT_STRIPE_RETRIES = 2;

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
    maxNetworkRetries: connection.maxNetworkRetries ?? DEFAULT_STRIPE_RETRIES,
    timeout: connection.timeoutMs ?? DEFAULT_STRIPE_TIMEOUT_MS,
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
