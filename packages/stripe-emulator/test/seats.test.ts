import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { completeCheckout } from '../src/index.js';
import { customerWithCard, DAY, previewThenUpdate, useHarness } from './helpers.js';

const h = useHarness();

async function tiered(mode: 'graduated' | 'volume', tiers: Stripe.PriceCreateParams.Tier[]) {
  const product = await h.stripe.products.create({ name: `Team ${mode}` });
  return h.stripe.prices.create({
    product: product.id,
    currency: 'usd',
    recurring: { interval: 'month' },
    billing_scheme: 'tiered',
    tiers_mode: mode,
    tiers,
  });
}

describe('seats: quantity and tiered prices', () => {
  it('bills graduated tiers unit by unit, each tier at its own price plus its flat fee', async () => {
    const price = await tiered('graduated', [
      { up_to: 5, unit_amount: 1000, flat_amount: 200 },
      { up_to: 'inf', unit_amount: 800 },
    ]);
    expect(price.billing_scheme).toBe('tiered');
    expect(price.unit_amount).toBeNull();
    expect(price.tiers).toBeUndefined();
    const expanded = await h.stripe.prices.retrieve(price.id, { expand: ['tiers'] });
    expect(expanded.tiers?.map((t) => [t.up_to, t.unit_amount, t.flat_amount])).toEqual([
      [5, 1000, 200],
      [null, 800, null],
    ]);
    const customer = await customerWithCard(h.stripe);
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id, quantity: 7 }],
      expand: ['latest_invoice'],
    });
    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect(sub.items.data[0]!.quantity).toBe(7);
    expect(invoice.lines.data[0]!.quantity).toBe(7);
    expect(invoice.amount_paid).toBe(5 * 1000 + 200 + 2 * 800);
  });

  it('bills volume tiers at the tier the whole quantity falls in', async () => {
    const price = await tiered('volume', [
      { up_to: 10, unit_amount: 1000 },
      { up_to: 'inf', unit_amount: 700, flat_amount: 500 },
    ]);
    const customer = await customerWithCard(h.stripe);
    const preview = await h.stripe.invoices.createPreview({
      customer: customer.id,
      subscription_details: { items: [{ price: price.id, quantity: 12 }] },
    });
    expect(preview.total).toBe(12 * 700 + 500);
    const ten = await h.stripe.invoices.createPreview({
      customer: customer.id,
      subscription_details: { items: [{ price: price.id, quantity: 10 }] },
    });
    expect(ten.total).toBe(10_000);
  });

  it('bills transform_quantity packs, rounding up or down', async () => {
    const product = await h.stripe.products.create({ name: 'Packs' });
    const up = await h.stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 1000,
      recurring: { interval: 'month' },
      transform_quantity: { divide_by: 5, round: 'up' },
    });
    const customer = await customerWithCard(h.stripe);
    const preview = await h.stripe.invoices.createPreview({
      customer: customer.id,
      subscription_details: { items: [{ price: up.id, quantity: 7 }] },
    });
    expect(preview.total).toBe(2000);
    expect(up.transform_quantity).toEqual({ divide_by: 5, round: 'up' });
  });

  it('prorates a seat change mid-period on tiered prices: preview equals what the update bills', async () => {
    const price = await tiered('graduated', [
      { up_to: 3, unit_amount: 1500 },
      { up_to: 'inf', unit_amount: 1000 },
    ]);
    const customer = await customerWithCard(h.stripe);
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id, quantity: 2 }],
    });
    h.emulator.clock.advance(10 * DAY);
    const change = {
      items: [{ id: sub.items.data[0]!.id, quantity: 5 }],
      proration_behavior: 'always_invoice' as const,
      proration_date: sub.items.data[0]!.current_period_start + 10 * DAY,
    };
    const { preview, updated, billed } = await previewThenUpdate(h.stripe, sub.id, change);
    expect(billed.lines.data.map((l) => l.amount)).toEqual(preview.lines.data.map((l) => l.amount));
    expect(billed.amount_paid).toBe(preview.amount_due);
    const period = sub.items.data[0]!;
    const f =
      (period.current_period_end - change.proration_date) /
      (period.current_period_end - period.current_period_start);
    expect(preview.lines.data.map((l) => l.amount)).toEqual([
      -Math.round(3000 * f),
      Math.round((4500 + 2000) * f),
    ]);
    expect(updated.items.data[0]!.quantity).toBe(5);
  });

  it('takes a seat count in Checkout and subscribes that many seats', async () => {
    const session = await h.stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: h.monthly.id, quantity: 4 }],
      success_url: 'http://app.test/ok',
    });
    expect(session.amount_total).toBe(4000);
    const result = completeCheckout(h.emulator, session.id, { paymentMethod: 'pm_card_visa' });
    expect(result.status).toBe('complete');
    const sub = await h.stripe.subscriptions.retrieve(result.session.subscription as string);
    expect(sub.items.data[0]!.quantity).toBe(4);
  });

  it('refuses tiered prices Stripe refuses', async () => {
    const product = await h.stripe.products.create({ name: 'Bad' });
    const base = {
      product: product.id,
      currency: 'usd',
      recurring: { interval: 'month' as const },
      billing_scheme: 'tiered' as const,
    };
    await expect(
      h.stripe.prices.create({ ...base, tiers: [{ up_to: 'inf', unit_amount: 1 }] }),
    ).rejects.toMatchObject({ code: 'parameter_missing', param: 'tiers_mode' });
    await expect(
      h.stripe.prices.create({
        ...base,
        tiers_mode: 'volume',
        tiers: [{ up_to: 5, unit_amount: 1 }],
      }),
    ).rejects.toMatchObject({ param: 'tiers[0][up_to]' });
    await expect(
      h.stripe.prices.create({
        ...base,
        tiers_mode: 'volume',
        unit_amount: 100,
        tiers: [{ up_to: 'inf', unit_amount: 1 }],
      }),
    ).rejects.toMatchObject({ param: 'unit_amount' });
  });
});
