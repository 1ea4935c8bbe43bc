/**
 * `invoices.createPreview` with `subscription_details[cancel_at]`: a subscription set to cancel
 * on a date before its period ends has no upcoming invoice, and the preview with `cancel_at`
 * unset (`''`) shows the renewal the subscription bills once it is kept — what `/resume`
 * previews for a cancellation dated in the Dashboard.
 */
import { describe, expect, it } from 'vitest';
import { customerWithCard, DAY, periodEnd, useHarness } from './helpers.js';

const h = useHarness();

describe('createPreview with subscription_details[cancel_at]', () => {
  it('answers no upcoming invoice while a dated cancellation stands, and the renewal without it', async () => {
    const customer = await customerWithCard(h.stripe);
    const price = await h.stripe.prices.create({
      currency: 'usd',
      unit_amount: 2_000,
      recurring: { interval: 'month' },
      product_data: { name: 'Pro' },
    });
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
    });
    const dated = await h.stripe.subscriptions.update(sub.id, {
      cancel_at: periodEnd(sub) - 5 * DAY,
    });
    expect(dated).toMatchObject({
      cancel_at_period_end: false,
      cancel_at: periodEnd(sub) - 5 * DAY,
    });

    await expect(
      h.stripe.invoices.createPreview({ customer: customer.id, subscription: sub.id }),
    ).rejects.toMatchObject({ code: 'invoice_upcoming_none' });
    await expect(
      h.stripe.invoices.createPreview({
        customer: customer.id,
        subscription: sub.id,
        subscription_details: { cancel_at: periodEnd(sub) - DAY },
      }),
    ).rejects.toMatchObject({ code: 'invoice_upcoming_none' });

    const kept = await h.stripe.invoices.createPreview({
      customer: customer.id,
      subscription: sub.id,
      subscription_details: { cancel_at: '' },
    });
    expect(kept).toMatchObject({ amount_due: 2_000, billing_reason: 'upcoming' });
    expect(kept.lines.data[0]!.period.start).toBe(periodEnd(sub));
  });
});
