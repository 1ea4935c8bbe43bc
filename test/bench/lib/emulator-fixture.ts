import { pushCatalog } from '@tollgate/server';
import type Stripe from 'stripe';
import { BENCH_CATALOG } from './billing';

/** A running emulator with the bench catalog pushed and an SDK client. */
export interface EmulatorFixture {
  stripe: Stripe;
  /** Ids of API requests the emulator has recorded so far. */
  requestIds(): Set<string>;
  /** Requests recorded since `before` (a {@link requestIds} snapshot): method, path, status. */
  requestsSince(before: Set<string>): { method: string; path: string; status: number }[];
  /** Stripe's basic rate limit on the emulator (requests per second), or off (`null`). */
  setRateLimit(limit: { read: number; write: number } | null): void;
  /** A customer (with `metadata.userId`, so Tollgate manages it), a card and an active monthly Pro subscription. */
  subscribedCustomer(n: number): Promise<string>;
  close(): Promise<void>;
}

/** Starts the emulator (loaded on demand, so a half-landed emulator fails only its sections). */
export async function startEmulatorFixture(): Promise<EmulatorFixture> {
  const { startEmulator, createStripeClient } = await import('@tollgate/stripe-emulator');
  const emulator = await startEmulator({ port: 0 });
  const stripe = createStripeClient(emulator, { maxNetworkRetries: 0 });
  await pushCatalog(stripe, BENCH_CATALOG);
  const { data } = await stripe.prices.list({ lookup_keys: ['bench_pro_monthly'] });
  const price = data[0];
  if (!price)
    throw new Error('BENCH_CATALOG: the emulator has no bench_pro_monthly price after the push');
  return {
    stripe,
    requestIds: () => new Set(emulator.requests.map((r) => r.id)),
    requestsSince: (before) =>
      emulator.requests
        .filter((r) => !before.has(r.id))
        .map((r) => ({ method: r.method, path: r.path, status: r.status })),
    setRateLimit: (limit) => emulator.setRateLimit(limit),
    async subscribedCustomer(n) {
      const customer = await stripe.customers.create({
        email: `bench${n}@example.test`,
        metadata: { userId: `bench_user_${n}` },
      });
      const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
      await stripe.customers.update(customer.id, {
        invoice_settings: { default_payment_method: pm.id },
      });
      await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
      return customer.id;
    },
    close: () => emulator.close(),
  };
}
