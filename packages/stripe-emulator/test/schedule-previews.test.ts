/**
 * `invoices.createPreview` with `schedule` / `schedule_details`: period-end downgrades, interval
 * switches, seat decreases and a resume that drops a scheduled change are previewed by the
 * emulator as Stripe documents, and the preview is exactly what the schedule then bills.
 */
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { DAY, START, useHarness } from './helpers.js';

const h = useHarness();

/** A customer on its own test clock, with a card and an address in `country`. */
async function onClock(country = 'DE') {
  const clock = await h.stripe.testHelpers.testClocks.create({ frozen_time: START });
  const customer = await h.stripe.customers.create({
    test_clock: clock.id,
    address: { country },
    payment_method: 'pm_card_visa',
    invoice_settings: { default_payment_method: 'pm_card_visa' },
  });
  const advance = (to: number) =>
    h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: to });
  return { customer, advance };
}

type Phase = Stripe.SubscriptionScheduleUpdateParams.Phase;

/** The two phases of a change at period end, carrying the subscription's discounts forward. */
function periodEndPhases(
  sub: Stripe.Subscription,
  next: { price: string; quantity?: number },
  interval: 'month' | 'year' = 'month',
): Phase[] {
  const item = sub.items.data[0]!;
  const discounts = sub.discounts.map((d) => ({ discount: d as string }));
  return [
    {
      items: [{ price: item.price.id, quantity: item.quantity ?? 1 }],
      start_date: item.current_period_start,
      end_date: item.current_period_end,
      proration_behavior: 'none',
      discounts,
    },
    {
      items: [next],
      duration: { interval, interval_count: 1 },
      proration_behavior: 'none',
      discounts,
    },
  ];
}

/** Previews the schedule change, makes it, runs to the period end: both invoices. */
async function previewThenSchedule(
  sub: Stripe.Subscription,
  phases: Phase[],
  advance: (to: number) => Promise<unknown>,
) {
  const schedule = await h.stripe.subscriptionSchedules.create({ from_subscription: sub.id });
  const preview = await h.stripe.invoices.createPreview({
    customer: sub.customer as string,
    schedule: schedule.id,
    schedule_details: { phases, end_behavior: 'release', proration_behavior: 'none' },
  });
  await h.stripe.subscriptionSchedules.update(schedule.id, { phases, end_behavior: 'release' });
  const end = sub.items.data[0]!.current_period_end;
  await advance(end + 7200);
  const invoices = await h.stripe.invoices.list({ subscription: sub.id, limit: 1 });
  return { schedule, preview, billed: invoices.data[0]! };
}

const shape = (i: Stripe.Invoice) => ({
  lines: i.lines.data.map((l) => [l.amount, l.quantity, l.pricing?.price_details?.price]),
  subtotal: i.subtotal,
  discounts: (i.total_discount_amounts ?? []).map((d) => d.amount),
  taxes: (i.total_taxes ?? []).map((t) => [t.amount, t.taxability_reason]),
  total: i.total,
});

describe('previews of scheduled changes', () => {
  it('previews a period-end downgrade with its discount and tax, and bills exactly that', async () => {
    const coupon = await h.stripe.coupons.create({ percent_off: 15, duration: 'forever' });
    const { customer, advance } = await onClock('DE');
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.premium.id }],
      discounts: [{ coupon: coupon.id }],
      automatic_tax: { enabled: true },
    });
    await advance(START + 10 * DAY);
    const { preview, billed } = await previewThenSchedule(
      sub,
      periodEndPhases(sub, { price: h.monthly.id }),
      advance,
    );
    expect(preview.billing_reason).toBe('subscription_cycle');
    expect(shape(preview)).toEqual(shape(billed));
    expect(preview.total).toBe(1000 - 150 + Math.round(850 * 0.19));
    expect(billed.amount_paid).toBe(preview.total);
  });

  it('previews a year → month switch at the end of the year', async () => {
    const { customer, advance } = await onClock('FR');
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.yearly.id }],
    });
    const schedule = await h.stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    const phases = periodEndPhases(sub, { price: h.premium.id });
    const preview = await h.stripe.invoices.createPreview({
      schedule: schedule.id,
      schedule_details: { phases, end_behavior: 'release' },
    });
    await h.stripe.subscriptionSchedules.update(schedule.id, { phases, end_behavior: 'release' });
    const end = sub.items.data[0]!.current_period_end;
    for (let t = START + 60 * DAY; t < end; t += 300 * DAY) await advance(t);
    await advance(end + 7200);
    const billed = (await h.stripe.invoices.list({ subscription: sub.id, limit: 1 })).data[0]!;
    expect(shape(preview)).toEqual(shape(billed));
    expect(preview.lines.data[0]!.period.end - preview.lines.data[0]!.period.start).toBe(31 * DAY);
    expect(billed.total).toBe(3252);
  });

  it('previews a seat decrease at period end on a tiered price', async () => {
    const product = await h.stripe.products.create({ name: 'Seats' });
    const price = await h.stripe.prices.create({
      product: product.id,
      currency: 'usd',
      recurring: { interval: 'month' },
      billing_scheme: 'tiered',
      tiers_mode: 'volume',
      tiers: [
        { up_to: 3, unit_amount: 1200 },
        { up_to: 'inf', unit_amount: 900 },
      ],
    });
    const { customer, advance } = await onClock('US');
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id, quantity: 5 }],
      automatic_tax: { enabled: true },
    });
    const { preview, billed } = await previewThenSchedule(
      sub,
      periodEndPhases(sub, { price: price.id, quantity: 2 }),
      advance,
    );
    expect(shape(preview)).toEqual(shape(billed));
    expect(billed.subtotal).toBe(2400);
  });

  it('previews a resume that drops the scheduled change, and the subscription then bills that', async () => {
    const { customer, advance } = await onClock('GB');
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.premium.id, quantity: 2 }],
    });
    const schedule = await h.stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    const phases = periodEndPhases(sub, { price: h.monthly.id });
    await h.stripe.subscriptionSchedules.update(schedule.id, { phases, end_behavior: 'release' });
    const scheduled = await h.stripe.invoices.createPreview({ subscription: sub.id });
    expect(scheduled.lines.data[0]!.pricing?.price_details?.price).toBe(h.monthly.id);
    const resumed = await h.stripe.invoices.createPreview({
      schedule: schedule.id,
      schedule_details: { phases: phases.slice(0, 1), end_behavior: 'release' },
    });
    await h.stripe.subscriptionSchedules.release(schedule.id);
    await advance(sub.items.data[0]!.current_period_end + 7200);
    const billed = (await h.stripe.invoices.list({ subscription: sub.id, limit: 1 })).data[0]!;
    expect(shape(resumed)).toEqual(shape(billed));
    expect(billed.total).toBe(2 * 3252);
  });

  it('previews a new schedule’s first invoice for a customer, with the first phase’s discounts', async () => {
    const coupon = await h.stripe.coupons.create({ amount_off: 500, currency: 'usd' });
    const { customer } = await onClock('US');
    const preview = await h.stripe.invoices.createPreview({
      customer: customer.id,
      schedule_details: {
        phases: [
          { items: [{ price: h.monthly.id, quantity: 2 }], discounts: [{ coupon: coupon.id }] },
        ],
      },
    });
    expect([preview.subtotal, preview.total]).toEqual([2000, 1500]);
  });

  it('refuses a schedule preview mixed with subscription parameters, as Stripe does', async () => {
    const { customer } = await onClock();
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
    });
    await expect(
      h.stripe.invoices.createPreview({
        subscription: sub.id,
        schedule_details: { phases: [{ items: [{ price: h.monthly.id }] }] },
      }),
    ).rejects.toMatchObject({ code: 'parameters_exclusive', param: 'schedule_details' });
    // A schedule's preview cannot take the subscription's tax rates: they were silently dropped.
    const schedule = await h.stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    const rate = await h.stripe.taxRates.create({
      display_name: 'VAT',
      percentage: 19,
      inclusive: false,
    });
    await expect(
      h.stripe.invoices.createPreview({
        schedule: schedule.id,
        subscription_details: { default_tax_rates: [rate.id] },
      }),
    ).rejects.toMatchObject({ statusCode: 400, code: 'parameters_exclusive', param: 'schedule' });
  });
});
