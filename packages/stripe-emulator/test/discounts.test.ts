/** Discounts on subscriptions, invoices, previews and Checkout, and how long they last. */
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { completeCheckout } from '../src/index.js';
import { customerWithCard, DAY, previewThenUpdate, START, useHarness } from './helpers.js';

const h = useHarness();

const invoicesOf = async (sub: string) =>
  (await h.stripe.invoices.list({ subscription: sub })).data.reverse();

async function onClock() {
  const clock = await h.stripe.testHelpers.testClocks.create({ frozen_time: START });
  const customer = await h.stripe.customers.create({
    test_clock: clock.id,
    payment_method: 'pm_card_visa',
    invoice_settings: { default_payment_method: 'pm_card_visa' },
  });
  const advance = async (to: number) => {
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: to });
  };
  return { customer, advance };
}

describe('discounts on subscriptions and their invoices', () => {
  it('takes a percentage off every line, shown per line and per invoice', async () => {
    const coupon = await h.stripe.coupons.create({ percent_off: 25, duration: 'forever' });
    const customer = await customerWithCard(h.stripe);
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id, quantity: 3 }],
      discounts: [{ coupon: coupon.id }],
      expand: ['latest_invoice', 'discounts'],
    });
    const discount = sub.discounts[0] as Stripe.Discount;
    expect(discount).toMatchObject({
      object: 'discount',
      source: { type: 'coupon', coupon: coupon.id },
      subscription: sub.id,
      customer: customer.id,
      end: null,
    });
    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect(invoice.subtotal).toBe(3000);
    expect(invoice.total_discount_amounts).toEqual([{ amount: 750, discount: discount.id }]);
    expect(invoice.discounts).toEqual([discount.id]);
    expect(invoice.lines.data[0]!.discount_amounts).toEqual([
      { amount: 750, discount: discount.id },
    ]);
    expect(invoice.total).toBe(2250);
    expect(invoice.amount_paid).toBe(2250);
  });

  it('caps amount_off at what the lines come to, and applies_to limits it to its products', async () => {
    const only = await h.stripe.coupons.create({
      amount_off: 5000,
      currency: 'usd',
      duration: 'forever',
      applies_to: { products: [h.premium.product as string] },
    });
    const customer = await customerWithCard(h.stripe);
    const preview = await h.stripe.invoices.createPreview({
      customer: customer.id,
      subscription_details: {
        items: [{ price: h.monthly.id }, { price: h.premium.id }],
      },
      discounts: [{ coupon: only.id }],
    });
    expect(preview.subtotal).toBe(1000 + 3252);
    expect(preview.lines.data.map((l) => l.discount_amounts?.[0]?.amount ?? 0)).toEqual([0, 3252]);
    expect(preview.total).toBe(1000);
  });

  it('ends a repeating coupon after its months, across renewals on a test clock', async () => {
    const coupon = await h.stripe.coupons.create({
      percent_off: 50,
      duration: 'repeating',
      duration_in_months: 2,
    });
    const { customer, advance } = await onClock();
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
      discounts: [{ coupon: coupon.id }],
      expand: ['discounts'],
    });
    expect((sub.discounts[0] as Stripe.Discount).end).toBe(START + 59 * DAY); // 1 March
    const feb = START + 31 * DAY;
    const mar = feb + 28 * DAY;
    await advance(feb + 7200);
    const preview = await h.stripe.invoices.createPreview({ subscription: sub.id });
    await advance(mar + 7200);
    const invoices = await invoicesOf(sub.id);
    expect(invoices.map((i) => i.total)).toEqual([500, 500, 1000]);
    expect(preview.total).toBe(invoices[2]!.total);
    expect(preview.total_discount_amounts).toEqual([]);
    expect((await h.stripe.subscriptions.retrieve(sub.id)).discounts).toEqual([]);
  });

  it('spends a once coupon on the first invoice only', async () => {
    const coupon = await h.stripe.coupons.create({ amount_off: 300, currency: 'usd' });
    const { customer, advance } = await onClock();
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
      discounts: [{ coupon: coupon.id }],
    });
    expect(sub.discounts).toEqual([]);
    const preview = await h.stripe.invoices.createPreview({ subscription: sub.id });
    await advance(START + 31 * DAY + 7200);
    expect((await invoicesOf(sub.id)).map((i) => i.total)).toEqual([700, 1000]);
    expect(preview.total).toBe(1000);
  });

  it('prorates an upgrade net of the discount: the preview is what the update bills', async () => {
    const coupon = await h.stripe.coupons.create({ percent_off: 20, duration: 'forever' });
    const customer = await customerWithCard(h.stripe);
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id, quantity: 2 }],
      discounts: [{ coupon: coupon.id }],
    });
    const item = sub.items.data[0]!;
    const at = item.current_period_start + 9 * DAY;
    h.emulator.clock.advance({ until: at });
    const change = {
      items: [{ id: item.id, price: h.premium.id, quantity: 3 }],
      proration_behavior: 'always_invoice' as const,
      proration_date: at,
    };
    const { preview, billed } = await previewThenUpdate(h.stripe, sub.id, change);
    const f =
      (item.current_period_end - at) / (item.current_period_end - item.current_period_start);
    expect(preview.lines.data.map((l) => l.amount)).toEqual([
      -Math.round(1600 * f),
      Math.round(3 * 3252 * 0.8 * f),
    ]);
    expect(preview.lines.data[1]!.discount_amounts).toEqual([
      { amount: 0, discount: sub.discounts[0] },
    ]);
    expect(billed.lines.data.map((l) => l.amount)).toEqual(preview.lines.data.map((l) => l.amount));
    expect(billed.amount_paid).toBe(preview.amount_due);
  });

  it('replaces discounts on update, and a preview can drop them with discounts: ""', async () => {
    const ten = await h.stripe.coupons.create({ percent_off: 10, duration: 'forever' });
    const customer = await customerWithCard(h.stripe);
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
    });
    const updated = await h.stripe.subscriptions.update(sub.id, {
      discounts: [{ coupon: ten.id }],
    });
    expect(updated.discounts).toHaveLength(1);
    const withIt = await h.stripe.invoices.createPreview({ subscription: sub.id });
    const without = await h.stripe.invoices.createPreview({ subscription: sub.id, discounts: '' });
    expect([withIt.total, without.total]).toEqual([900, 1000]);
    const kept = await h.stripe.subscriptions.update(sub.id, {
      discounts: [{ discount: updated.discounts[0] as string }],
    });
    expect(kept.discounts).toEqual(updated.discounts);
    expect((await h.stripe.subscriptions.update(sub.id, { discounts: '' })).discounts).toEqual([]);
  });
});

describe('discounts in Checkout', () => {
  it('takes discounts up front and shows them in the session amounts', async () => {
    const coupon = await h.stripe.coupons.create({ percent_off: 50, duration: 'once' });
    const session = await h.stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: h.monthly.id, quantity: 2 }],
      discounts: [{ coupon: coupon.id }],
      success_url: 'http://app.test/ok',
    });
    expect(session).toMatchObject({
      amount_subtotal: 2000,
      amount_total: 1000,
      total_details: { amount_discount: 1000 },
      discounts: [{ coupon: coupon.id, promotion_code: null }],
    });
    const result = completeCheckout(h.emulator, session.id, { paymentMethod: 'pm_card_visa' });
    const invoice = await h.stripe.invoices.retrieve(result.session.invoice as string);
    expect(invoice.amount_paid).toBe(1000);
    const discount = await h.stripe.subscriptions.retrieve(result.session.subscription as string, {
      expand: ['discounts'],
    });
    expect(discount.discounts).toEqual([]); // once: spent on the first invoice
  });

  it('takes a promotion code typed on the page when allow_promotion_codes is set', async () => {
    const coupon = await h.stripe.coupons.create({ percent_off: 10, duration: 'forever' });
    await h.stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: coupon.id },
      code: 'WELCOME10',
    });
    const session = await h.stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: h.monthly.id }],
      allow_promotion_codes: true,
      success_url: 'http://app.test/ok',
    });
    const page = await fetch(session.url!, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'action=promotion_code&promotion_code=welcome10',
    });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('data-testid="discount"');
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).amount_total).toBe(900);
    const bad = await fetch(session.url!, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'action=promotion_code&promotion_code=NOPE',
    });
    expect(bad.status).toBe(400);
    const result = completeCheckout(h.emulator, session.id, { paymentMethod: 'pm_card_visa' });
    const sub = await h.stripe.subscriptions.retrieve(result.session.subscription as string, {
      expand: ['discounts.promotion_code'],
    });
    const discount = sub.discounts[0] as Stripe.Discount;
    expect((discount.promotion_code as Stripe.PromotionCode).code).toBe('WELCOME10');
    expect(discount.checkout_session).toBe(session.id);
  });

  it('refuses discounts together with allow_promotion_codes', async () => {
    const coupon = await h.stripe.coupons.create({ percent_off: 10 });
    await expect(
      h.stripe.checkout.sessions.create({
        mode: 'subscription',
        line_items: [{ price: h.monthly.id }],
        allow_promotion_codes: true,
        discounts: [{ coupon: coupon.id }],
        success_url: 'http://app.test/ok',
      }),
    ).rejects.toMatchObject({ code: 'parameters_exclusive' });
  });
});
