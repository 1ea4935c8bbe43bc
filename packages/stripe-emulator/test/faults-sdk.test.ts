import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createStripeClient, type Emulator, startEmulator } from '../src/index.js';

// every step is a real HTTP round trip; leave room for a loaded CI machine
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 5 });
});
afterAll(async () => {
  await emulator?.close();
});

const client = (maxNetworkRetries: number) =>
  new Stripe(emulator.secretKey, {
    host: '127.0.0.1',
    port: emulator.port,
    protocol: 'http',
    maxNetworkRetries,
  });

describe('API faults through the official SDK', () => {
  it('raises StripeAPIError for an injected 500', async () => {
    emulator.faults.reset();
    emulator.faults.api.fail({ status: 500, times: 1 });
    const err = await client(0)
      .customers.create()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect((err as Stripe.errors.StripeError).statusCode).toBe(500);
    expect((err as Stripe.errors.StripeError).requestId).toMatch(/^req_/);
  });

  it('raises StripeRateLimitError for an injected 429', async () => {
    emulator.faults.reset();
    emulator.faults.api.fail({ status: 429, times: 1, method: 'GET' });
    const customer = await client(0).customers.create();
    const err = await client(0)
      .customers.retrieve(customer.id)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect((err as Stripe.errors.StripeError).code).toBe('rate_limit');
  });

  it('lets the SDK’s own retries recover from a short burst', async () => {
    emulator.faults.reset();
    emulator.faults.api.fail({ status: 500, times: 1, path: '/v1/customers' });
    emulator.faults.api.fail({ status: 429, times: 1, path: '/v1/customers' });
    const customer = await client(2).customers.create({ email: 'retry@example.test' });
    expect(customer.email).toBe('retry@example.test');
    expect(emulator.faults.api.injected.map((f: { status: number }) => f.status)).toEqual([
      500, 429,
    ]);
    // the retries reused one idempotency key, so exactly one customer was created
    const list = await createStripeClient(emulator).customers.list({ email: 'retry@example.test' });
    expect(list.data).toHaveLength(1);
  });

  it('does not fault requests outside the rule’s scope', async () => {
    emulator.faults.reset();
    emulator.faults.api.fail({ status: 500, path: '/v1/invoices/*' });
    await expect(client(0).customers.create()).resolves.toMatchObject({ object: 'customer' });
    emulator.faults.reset();
  });
});
