import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStripeClient, type Emulator, startEmulator } from '../src/index.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, rateLimit: { read: 3, write: 2 } });
});
afterAll(async () => {
  await emulator?.close();
});

describe('rateLimit', () => {
  it('answers 429 rate_limit past the reads (or writes) allowed per second, counted apart, as Stripe does', async () => {
    const stripe = createStripeClient(emulator, { maxNetworkRetries: 0 });
    // Start at the beginning of a wall-clock second so the whole burst falls in one window.
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));
    const writes = await Promise.allSettled([1, 2, 3].map(() => stripe.customers.create()));
    const reads = await Promise.allSettled(
      [1, 2, 3, 4].map(() => stripe.customers.list({ limit: 1 })),
    );
    const failed = (results: PromiseSettledResult<unknown>[]) =>
      results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(failed(writes)).toHaveLength(1);
    expect(failed(reads)).toHaveLength(1);
    const error = failed(reads)[0];
    expect(error).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(error).toMatchObject({ statusCode: 429, code: 'rate_limit' });
    expect(error.message).toMatch(/3 read requests per second/);
    emulator.setRateLimit(null);
    const unlimited = await Promise.all([1, 2, 3, 4, 5].map(() => stripe.customers.list()));
    expect(unlimited).toHaveLength(5);
  });
});
