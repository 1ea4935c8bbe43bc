import Stripe from 'stripe';

/** The parts of a running emulator a client needs. */
export interface EmulatorAddress {
  url: string;
  secretKey: string;
}

/**
 * An official `stripe` SDK client pointed at the emulator (HTTP, keep-alive, 2 network
 * retries like the SDK's default so injected 500/429 faults are retried).
 * @example
 * const stripe = createStripeClient(emulator);
 */
export function createStripeClient(
  emulator: EmulatorAddress,
  config: Stripe.StripeConfig = {},
): Stripe {
  const url = new URL(emulator.url);
  return new Stripe(emulator.secretKey, {
    host: url.hostname,
    port: Number(url.port),
    protocol: 'http',
    maxNetworkRetries: 2,
    telemetry: false,
    ...config,
  });
}
