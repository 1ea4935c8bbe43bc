import type Stripe from 'stripe';
import { afterAll, beforeAll } from 'vitest';
import { createStripeClient, type Emulator, startEmulator } from '../src/index.js';

/** 2026-01-01T00:00:00Z — a fixed start so periods and dates are deterministic. */
export const START = 1_767_225_600;
export const DAY = 86_400;

/** A started emulator with an SDK client and a small catalog. */
export interface Harness {
  emulator: Emulator;
  stripe: Stripe;
  monthly: Stripe.Price;
  premium: Stripe.Price;
  yearly: Stripe.Price;
  close(): Promise<void>;
}

/** Starts an emulator (frozen at {@link START}) with a Basic/Premium catalog. */
export async function harness(options: Parameters<typeof startEmulator>[0] = {}): Promise<Harness> {
  const emulator = await startEmulator({ start: START, ...options });
  const stripe = createStripeClient(emulator, { maxNetworkRetries: 0 });
  const basic = await stripe.products.create({ name: 'Basic' });
  const pro = await stripe.products.create({ name: 'Premium' });
  const monthly = await stripe.prices.create({
    product: basic.id,
    currency: 'usd',
    unit_amount: 1000,
    recurring: { interval: 'month' },
  });
  const premium = await stripe.prices.create({
    product: pro.id,
    currency: 'usd',
    unit_amount: 3252,
    recurring: { interval: 'month' },
  });
  const yearly = await stripe.prices.create({
    product: pro.id,
    currency: 'usd',
    unit_amount: 30000,
    recurring: { interval: 'year' },
  });
  return { emulator, stripe, monthly, premium, yearly, close: () => emulator.close() };
}

/** A harness started before the file's tests and closed after them (read it inside tests). */
export function useHarness(options: Parameters<typeof startEmulator>[0] = {}): Harness {
  const box = {} as Harness;
  beforeAll(async () => {
    Object.assign(box, await harness(options));
  });
  afterAll(() => box.close());
  return box;
}

/** A customer with `card` (a `pm_card_*` id) attached as the default payment method. */
export async function customerWithCard(
  stripe: Stripe,
  card = 'pm_card_visa',
): Promise<Stripe.Customer> {
  const customer = await stripe.customers.create({ email: `${card}@example.com` });
  const pm = await stripe.paymentMethods.attach(card, { customer: customer.id });
  return stripe.customers.update(customer.id, {
    invoice_settings: { default_payment_method: pm.id },
  });
}

/** Types of the events emitted after `since` (an event count), oldest first. */
export function eventTypesSince(emulator: Emulator, since: number): string[] {
  return emulator.events
    .all()
    .slice(since)
    .map((e) => e.type);
}

/** The subscription's current period end. */
export const periodEnd = (sub: Stripe.Subscription): number =>
  sub.items.data[0]!.current_period_end;

/**
 * Previews a change with `invoices.createPreview`, then makes it with `subscriptions.update`:
 * the preview, the updated subscription and the invoice the update billed at once.
 */
export async function previewThenUpdate(
  stripe: Stripe,
  sub: string,
  change: Stripe.InvoiceCreatePreviewParams.SubscriptionDetails & Stripe.SubscriptionUpdateParams,
) {
  const preview = await stripe.invoices.createPreview({
    subscription: sub,
    subscription_details: change as Stripe.InvoiceCreatePreviewParams.SubscriptionDetails,
  });
  const updated = await stripe.subscriptions.update(sub, {
    ...(change as Stripe.SubscriptionUpdateParams),
    expand: ['latest_invoice'],
  });
  return { preview, updated, billed: updated.latest_invoice as Stripe.Invoice };
}
