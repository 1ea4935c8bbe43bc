import type Stripe from 'stripe';

/** The parts of a running emulator a client needs. */
export interface EmulatorAddress {
  url: string;
  secretKey: string;
}

type StripeConstructor = new (key: string, config?: Stripe.StripeConfig) => Stripe;

// `stripe` is an optional peer: load it if present, without failing the import when absent.
const loaded: StripeConstructor | null = await import('stripe').then(
  (m) => m.default as unknown as StripeConstructor,
  () => null,
);

/**
 * An official `stripe` SDK client pointed at the emulator (HTTP, keep-alive, 2 network
 * retries like the SDK's default so injected 500/429 faults are retried). `stripe` is an
 * optional peer dependency, loaded when present.
 * @example
 * const stripe = createStripeClient(emulator);
 */
export function createStripeClient(
  emulator: EmulatorAddress,
  config: Stripe.StripeConfig = {},
): Stripe {
  const StripeClass = loaded;
  if (!StripeClass) {
    throw new Error(
      'createStripeClient needs the `stripe` package — install it: pnpm add -D stripe',
    );
  }
  const url = new URL(emulator.url);
  return new StripeClass(emulator.secretKey, {
    host: url.hostname,
    port: Number(url.port),
    protocol: 'http',
    maxNetworkRetries: 2,
    telemetry: false,
    ...config,
  });
}
