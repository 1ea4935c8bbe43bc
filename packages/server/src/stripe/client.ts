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
