import Stripe from 'stripe';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStripeClient, type Emulator, startEmulator } from '../src/index.js';
import { startReceiver } from './webhooks-helpers.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const verifier = new Stripe('sk_test_verify');
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function boot(respond?: Parameters<typeof startReceiver>[0], seed = 9) {
  const receiver = await startReceiver(respond);
  const emulator: Emulator = await startEmulator({
    port: 0,
    seed,
    webhooks: [{ url: receiver.url }],
    webhookRetrySchedule: [20, 40],
  });
  cleanups.push(receiver.close, emulator.close);
  return { receiver, emulator, stripe: createStripeClient(emulator) };
}

describe('webhooks from a running emulator', () => {
  it('delivers every event signed with the printed webhook secret', async () => {
    const { receiver, emulator, stripe } = await boot();
    const customer = await stripe.customers.create({ email: 'hook@example.test' });
    await emulator.idle();
    const events = await Promise.all(
      receiver.received.map((r) =>
        verifier.webhooks.constructEventAsync(
          r.body,
          String(r.headers['stripe-signature']),
          emulator.webhookSecret,
        ),
      ),
    );
    const created = events.find((e) => e.type === 'customer.created');
    expect((created?.data.object as Stripe.Customer | undefined)?.id).toBe(customer.id);
    expect(emulator.deliveries.log.every((a) => a.outcome === 'delivered')).toBe(true);
  });

  it('retries until a failing endpoint recovers, with the attempts on record', async () => {
    const { emulator, stripe } = await boot((_, seen) => (seen === 0 ? 503 : 200));
    await stripe.customers.create();
    await emulator.idle();
    const log = emulator.deliveries.log.filter((a) => a.eventType === 'customer.created');
    expect(log.map((a) => [a.attempt, a.outcome, a.status])).toEqual([
      [1, 'failed', 503],
      [2, 'delivered', 200],
    ]);
  });

  it('applies webhook faults drawn from the emulator seed', async () => {
    const run = async () => {
      const { emulator, stripe, receiver } = await boot(undefined, 77);
      emulator.faults.webhooks.duplicate({ rate: 0.5 });
      for (let i = 0; i < 6; i++) await stripe.products.create({ name: `P${i}` });
      await emulator.idle();
      return {
        copies: emulator.faults.webhooks.decisions.map((d) => d.duplicate),
        received: receiver.received.length,
      };
    };
    const a = await run();
    const b = await run();
    expect(a.copies).toEqual(b.copies);
    expect(a.copies).toContain('sequential');
    expect(a.copies).toContain('none');
    expect(a.received).toBe(6 + a.copies.filter((c) => c === 'sequential').length);
  });
});
