import { describe, expect, it } from 'vitest';
import { customerWithCard, DAY, useHarness } from './helpers.js';

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
