import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStripeClient, type Emulator, startEmulator } from '../src/index.js';
import { customerWithCard } from './helpers.js';

// Stripe's worked example: period 1596749288 → 1599427688, proration_date 1598982148.
const PERIOD_START = 1_596_749_288;
const PRORATION_DATE = 1_598_982_148;

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ start: PERIOD_START });
});
afterAll(() => emulator.close());

describe('proration (flexible mode, per second)', () => {
  it("reproduces Stripe's worked example: −166, +541, 375 — preview and update agree", async () => {
    const stripe = createStripeClient(emulator, { maxNetworkRetries: 0 });
    const product = await stripe.products.create({ name: 'Plan' });
    const small = await stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 1000,
      recurring: { interval: 'month' },
    });
    const large = await stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 3252,
      recurring: { interval: 'month' },
    });
    const customer = await customerWithCard(stripe);
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: small.id }],
    });
    expect(sub.items.data[0]!.current_period_start).toBe(PERIOD_START);
    expect(sub.items.data[0]!.current_period_end).toBe(1_599_427_688);
    expect(sub.billing_mode.type).toBe('flexible');
    emulator.clock.advance({ until: PRORATION_DATE + 600 });
    const itemId = sub.items.data[0]!.id;
    const change = {
      items: [{ id: itemId, price: large.id }],
      proration_behavior: 'always_invoice' as const,
      proration_date: PRORATION_DATE,
    };
    const preview = await stripe.invoices.createPreview({
      customer: customer.id,
      subscription: sub.id,
      subscription_details: change,
    });
    expect(preview.lines.data.map((l) => l.amount)).toEqual([-166, 541]);
    expect(preview.amount_due).toBe(375);
    expect(preview.lines.data.every((l) => l.parent?.subscription_item_details?.proration)).toBe(
      true,
    );
    expect(preview.lines.data[0]!.description).toBe('Unused time on Plan after 01 Sep 2020');
    expect(preview.lines.data[1]!.description).toBe('Remaining time on Plan after 01 Sep 2020');

    const updated = await stripe.subscriptions.update(sub.id, {
      ...change,
      payment_behavior: 'pending_if_incomplete',
      expand: ['latest_invoice'],
    });
    const invoice = updated.latest_invoice as import('stripe').Stripe.Invoice;
    expect(invoice.billing_reason).toBe('subscription_update');
    expect(invoice.lines.data.map((l) => l.amount)).toEqual([-166, 541]);
    expect(invoice.amount_paid).toBe(375);
    expect(invoice.status).toBe('paid');
    expect(invoice.parent?.subscription_details?.subscription).toBe(sub.id);
    expect(invoice.lines.data[1]!.pricing?.price_details?.price).toBe(large.id);
    expect(updated.items.data[0]!.price.id).toBe(large.id);
    expect(updated.pending_update).toBeNull();
  });

  it('bills create_prorations on the next cycle invoice, and none bills nothing', async () => {
    const stripe = createStripeClient(emulator, { maxNetworkRetries: 0 });
    const product = await stripe.products.create({ name: 'Seat' });
    const price = await stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 2000,
      recurring: { interval: 'month' },
    });
    const customer = await customerWithCard(stripe);
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id, quantity: 1 }],
    });
    const start = sub.items.data[0]!.current_period_start;
    const end = sub.items.data[0]!.current_period_end;
    const half = start + Math.floor((end - start) / 2);
    emulator.clock.advance({ until: half });
    const details = { items: [{ id: sub.items.data[0]!.id, quantity: 2 }], proration_date: half };
    const preview = await stripe.invoices.createPreview({
      subscription: sub.id,
      subscription_details: details,
    });
    await stripe.subscriptions.update(sub.id, details);
    const none = await stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0]!.id, quantity: 3 }],
      proration_behavior: 'none',
    });
    expect(none.items.data[0]!.quantity).toBe(3);
    const items = await stripe.invoices.list({ subscription: sub.id });
    expect(items.data).toHaveLength(1);
    emulator.clock.advance({ until: end + 3601 });
    const invoices = await stripe.invoices.list({ subscription: sub.id });
    const cycle = invoices.data[0]!;
    expect(cycle.billing_reason).toBe('subscription_cycle');
    const prorations = cycle.lines.data.filter(
      (l) => l.parent?.subscription_item_details?.proration,
    );
    expect(prorations.map((l) => l.amount)).toEqual(
      preview.lines.data
        .filter((l) => l.parent?.subscription_item_details?.proration)
        .map((l) => l.amount),
    );
    expect(prorations.reduce((s, l) => s + l.amount, 0)).toBe(1000);
    expect(cycle.total).toBe(1000 + 6000);
    expect(cycle.status).toBe('paid');
  });
});
