/**
 * A price change on a trialing subscription, as Stripe makes it: the trial goes on (`trial_end`
 * and the period are kept), trial time is free so the prorations are $0, `always_invoice` bills
 * a $0 invoice at once, and the trial-end invoice bills the new price. The preview answers exactly that.
 */
import { describe, expect, it } from 'vitest';
import { customerWithCard, DAY, previewThenUpdate, useHarness } from './helpers.js';

const h = useHarness();

describe('changing the price of a trialing subscription', () => {
  it('always_invoice previews and bills $0 now; the trial goes on and its end bills the new price', async () => {
    const customer = await customerWithCard(h.stripe);
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
      trial_period_days: 14,
    });
    h.emulator.clock.advance(5 * DAY);
    const now = h.emulator.clock.now();
    const trialEnd = sub.trial_end!;
    const { preview, updated, billed } = await previewThenUpdate(h.stripe, sub.id, {
      items: [{ id: sub.items.data[0]!.id, price: h.premium.id }],
      proration_behavior: 'always_invoice',
      proration_date: now,
    });
    expect(preview).toMatchObject({
      billing_reason: 'subscription_update',
      period_start: now,
      period_end: now,
      total: 0,
      amount_due: 0,
    });
    const lines = (invoice: typeof preview) =>
      invoice.lines.data.map((l) => [
        l.description,
        l.amount,
        l.parent?.subscription_item_details?.proration,
        l.period,
      ]);
    expect(lines(preview)).toEqual([
      ['Unused time on Basic after 06 Jan 2026', 0, true, { start: now, end: trialEnd }],
      ['Remaining time on Premium after 06 Jan 2026', 0, true, { start: now, end: trialEnd }],
    ]);
    expect(updated).toMatchObject({ status: 'trialing', trial_end: trialEnd });
    expect(updated.items.data[0]).toMatchObject({
      current_period_end: trialEnd,
      price: { id: h.premium.id },
    });
    expect(billed).toMatchObject({ status: 'paid', total: 0, amount_due: 0, amount_paid: 0 });
    expect(lines(billed)).toEqual(lines(preview));

    const next = await h.stripe.invoices.createPreview({ subscription: sub.id });
    expect(next.lines.data.map((l) => [l.amount, l.period.start])).toEqual([[3252, trialEnd]]);
    h.emulator.clock.advance({ until: trialEnd + 3600 });
    const renewal = (await h.stripe.invoices.list({ subscription: sub.id, limit: 1 })).data[0]!;
    expect(renewal).toMatchObject({
      billing_reason: 'subscription_cycle',
      total: next.total,
      amount_paid: 3252,
    });
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
  });
});
