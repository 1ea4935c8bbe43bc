import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { completeCheckout } from '../src/index.js';
import { customerWithCard, DAY, periodEnd, useHarness } from './helpers.js';

const periodStart = (sub: Stripe.Subscription) => sub.items.data[0]!.current_period_start;

/** Seconds in the calendar month that ends at `t` (UTC, same day-of-month one month earlier). */
function periodLengthBefore(t: number): number {
  const end = new Date(t * 1000);
  const start = new Date(end);
  start.setUTCMonth(end.getUTCMonth() - 1);
  return (end.getTime() - start.getTime()) / 1000;
}

const h = useHarness();

describe('billing_cycle_anchor on create', () => {
  it('prorates the first invoice up to the anchor, then renews on it', async () => {
    const customer = await customerWithCard(h.stripe);
    const now = h.emulator.clock.now();
    const anchor = now + 10 * DAY;
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
      billing_cycle_anchor: anchor,
      expand: ['latest_invoice'],
    });
    expect(sub.billing_cycle_anchor).toBe(anchor);
    expect(sub.items.data[0]!.current_period_end).toBe(anchor);
    const first = sub.latest_invoice as { amount_due: number };
    // 10 days of a period of the 31 days (Dec) before the anchor: round(1000 × 10/31)
    expect(first.amount_due).toBe(Math.round((1000 * 10) / 31));
    h.emulator.clock.advance(10 * DAY + 7200);
    const renewed = await h.stripe.subscriptions.retrieve(sub.id);
    expect(renewed.items.data[0]!.current_period_start).toBe(anchor);
    const [renewal] = (await h.stripe.invoices.list({ subscription: sub.id })).data;
    expect(renewal).toMatchObject({ billing_reason: 'subscription_cycle', amount_paid: 1000 });
  });

  it('with proration_behavior none bills nothing until the anchor; refuses an anchor too far out', async () => {
    const customer = await customerWithCard(h.stripe);
    const now = h.emulator.clock.now();
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
      billing_cycle_anchor: now + 5 * DAY,
      proration_behavior: 'none',
      expand: ['latest_invoice'],
    });
    expect((sub.latest_invoice as { amount_due: number }).amount_due).toBe(0);
    await expect(
      h.stripe.subscriptions.create({
        customer: customer.id,
        items: [{ price: h.monthly.id }],
        billing_cycle_anchor: now + 60 * DAY,
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'billing_cycle_anchor' });
  });
});

describe('billing_cycle_anchor on update', () => {
  it("'now' resets the period to now and invoices at once, crediting the unused time", async () => {
    const customer = await customerWithCard(h.stripe);
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
    });
    const old = { start: periodStart(sub), end: periodEnd(sub) };
    h.emulator.clock.advance(10 * DAY);
    const now = h.emulator.clock.now();
    const reset = await h.stripe.subscriptions.update(sub.id, {
      billing_cycle_anchor: 'now',
      expand: ['latest_invoice'],
    });
    expect(reset.billing_cycle_anchor).toBe(now);
    expect(periodStart(reset)).toBe(now);
    const invoice = reset.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({ billing_reason: 'subscription_update', status: 'paid' });
    const credit = -Math.round((1000 * (old.end - now)) / (old.end - old.start));
    expect(invoice.lines.data.map((l) => l.amount)).toEqual([credit, 1000]);
    expect(invoice.total).toBe(1000 + credit);

    h.emulator.clock.advance(periodEnd(reset) - now);
    const renewed = await h.stripe.subscriptions.retrieve(sub.id);
    expect(periodStart(renewed)).toBe(periodEnd(reset));
  });

  it("'now' with proration_behavior none bills the new period in full; 'unchanged' keeps the cycle", async () => {
    const customer = await customerWithCard(h.stripe);
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
    });
    h.emulator.clock.advance(3 * DAY);
    const kept = await h.stripe.subscriptions.update(sub.id, {
      billing_cycle_anchor: 'unchanged',
      items: [{ id: sub.items.data[0]!.id, price: h.premium.id }],
      proration_behavior: 'none',
    });
    expect(kept.billing_cycle_anchor).toBe(sub.billing_cycle_anchor);
    expect(periodEnd(kept)).toBe(periodEnd(sub));
    await expect(
      h.stripe.subscriptions.update(sub.id, {
        billing_cycle_anchor: 'unchanged',
        items: [{ id: sub.items.data[0]!.id, price: h.yearly.id }],
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'billing_cycle_anchor' });

    const reset = await h.stripe.subscriptions.update(sub.id, {
      billing_cycle_anchor: 'now',
      proration_behavior: 'none',
      expand: ['latest_invoice'],
    });
    const invoice = reset.latest_invoice as Stripe.Invoice;
    expect(invoice.lines.data.map((l) => l.amount)).toEqual([3252]);
    expect(reset.billing_cycle_anchor).toBe(h.emulator.clock.now());
  });
});

describe('billing_cycle_anchor in Checkout subscription_data', () => {
  it('the subscription starts with its first period ending at the anchor, prorated as on create', async () => {
    const now = h.emulator.clock.now();
    const anchor = now + 10 * DAY;
    const session = await h.stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: h.monthly.id, quantity: 2 }],
      success_url: 'https://app.example/done',
      customer_email: 'anchor@example.com',
      subscription_data: { billing_cycle_anchor: anchor },
    });
    const due = Math.round(2000 * ((anchor - now) / periodLengthBefore(anchor)));
    expect(session.amount_total).toBe(due);
    expect(completeCheckout(h.emulator, session.id, { paymentMethod: 'pm_card_visa' }).status).toBe(
      'complete',
    );
    const done = await h.stripe.checkout.sessions.retrieve(session.id, {
      expand: ['subscription.latest_invoice'],
    });
    const sub = done.subscription as Stripe.Subscription;
    expect(sub.billing_cycle_anchor).toBe(anchor);
    expect(periodEnd(sub)).toBe(anchor);
    expect((sub.latest_invoice as Stripe.Invoice).amount_paid).toBe(due);
  });

  it('proration_behavior none bills nothing today; an anchor too far out or with a trial is refused', async () => {
    const now = h.emulator.clock.now();
    const base = {
      mode: 'subscription' as const,
      line_items: [{ price: h.monthly.id, quantity: 1 }],
      success_url: 'https://app.example/done',
    };
    const free = await h.stripe.checkout.sessions.create({
      ...base,
      subscription_data: { billing_cycle_anchor: now + 5 * DAY, proration_behavior: 'none' },
    });
    expect(free.amount_total).toBe(0);
    await expect(
      h.stripe.checkout.sessions.create({
        ...base,
        subscription_data: { billing_cycle_anchor: now + 60 * DAY },
      }),
    ).rejects.toMatchObject({
      statusCode: 400,
      param: 'subscription_data[billing_cycle_anchor]',
    });
    await expect(
      h.stripe.checkout.sessions.create({
        ...base,
        subscription_data: { billing_cycle_anchor: now + 5 * DAY, trial_period_days: 7 },
      }),
    ).rejects.toMatchObject({ statusCode: 400, code: 'parameter_unknown' });
  });
});

describe('billing_cycle_anchor in invoices.createPreview', () => {
  it("previews 'now' on an existing subscription as the invoice the update then bills", async () => {
    const customer = await customerWithCard(h.stripe);
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
    });
    h.emulator.clock.advance(4 * DAY);
    const prorationDate = h.emulator.clock.now();
    const change = {
      items: [{ id: sub.items.data[0]!.id, price: h.premium.id }],
      proration_date: prorationDate,
    };
    const preview = await h.stripe.invoices.createPreview({
      customer: customer.id,
      subscription: sub.id,
      subscription_details: { ...change, billing_cycle_anchor: 'now' },
    });
    const updated = await h.stripe.subscriptions.update(sub.id, {
      ...change,
      billing_cycle_anchor: 'now',
      expand: ['latest_invoice'],
    });
    const billed = updated.latest_invoice as Stripe.Invoice;
    expect(preview.billing_reason).toBe('subscription_update');
    expect(preview.lines.data.map((l) => l.amount)).toEqual(billed.lines.data.map((l) => l.amount));
    expect(preview.total).toBe(billed.total);

    const unchanged = await h.stripe.invoices.createPreview({
      subscription: sub.id,
      subscription_details: { billing_cycle_anchor: 'unchanged' },
    });
    expect(unchanged.billing_reason).toBe('upcoming');
    expect(unchanged.period_end).toBe(periodEnd(updated));
    await expect(
      h.stripe.invoices.createPreview({
        subscription: sub.id,
        subscription_details: { billing_cycle_anchor: h.emulator.clock.now() + DAY },
      }),
    ).rejects.toMatchObject({
      statusCode: 400,
      param: 'subscription_details[billing_cycle_anchor]',
    });
  });

  it('previews a new subscription anchored at a timestamp as create then bills it', async () => {
    const customer = await customerWithCard(h.stripe);
    const anchor = h.emulator.clock.now() + 12 * DAY;
    const preview = await h.stripe.invoices.createPreview({
      customer: customer.id,
      subscription_details: {
        items: [{ price: h.premium.id, quantity: 2 }],
        billing_cycle_anchor: anchor,
      },
    });
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.premium.id, quantity: 2 }],
      billing_cycle_anchor: anchor,
      expand: ['latest_invoice'],
    });
    const billed = sub.latest_invoice as Stripe.Invoice;
    expect(preview.total).toBe(billed.total);
    expect(preview.total).toBeLessThan(2 * 3252);
    expect(preview.lines.data[0]!.period).toEqual(billed.lines.data[0]!.period);
  });
});
