/**
 * Property-style: across random seat counts, price models, coupons and tax countries, every
 * preview — an immediate seat increase, a period-end seat decrease through a schedule, and the
 * renewal after it — equals what Stripe (the emulator) then bills. Seeded, so a failure replays.
 */
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { DAY, previewThenUpdate, START, useHarness } from './helpers.js';

const h = useHarness();

/** mulberry32: a small seeded PRNG. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;
  return { int, pick };
}

const SEED = Number(process.env.PREVIEW_SEED ?? 20_261_205);
const RUNS = Number(process.env.PREVIEW_RUNS ?? 8);

const shape = (i: Stripe.Invoice) => ({
  lines: i.lines.data.map((l) => [
    l.amount,
    l.quantity,
    (l.discount_amounts ?? []).map((d) => d.amount),
  ]),
  discounts: (i.total_discount_amounts ?? []).map((d) => d.amount),
  taxes: (i.total_taxes ?? []).map((t) => [t.amount, t.tax_behavior, t.taxability_reason]),
  total: i.total,
});

async function randomPrice(r: ReturnType<typeof random>): Promise<Stripe.Price> {
  const product = await h.stripe.products.create({ name: 'Team' });
  const base = {
    product: product.id,
    currency: 'usd',
    recurring: { interval: 'month' as const },
    tax_behavior: r.pick(['inclusive', 'exclusive'] as const),
  };
  const model = r.pick(['per_unit', 'graduated', 'volume'] as const);
  if (model === 'per_unit')
    return h.stripe.prices.create({ ...base, unit_amount: r.int(300, 4000) });
  return h.stripe.prices.create({
    ...base,
    billing_scheme: 'tiered',
    tiers_mode: model,
    tiers: [
      { up_to: r.int(2, 6), unit_amount: r.int(800, 2000), flat_amount: r.pick([0, 500]) },
      { up_to: 'inf', unit_amount: r.int(300, 800) },
    ],
  });
}

async function randomDiscounts(
  r: ReturnType<typeof random>,
): Promise<Stripe.SubscriptionCreateParams.Discount[]> {
  const kind = r.pick(['none', 'percent', 'amount', 'repeating'] as const);
  if (kind === 'none') return [];
  const coupon = await h.stripe.coupons.create(
    kind === 'percent'
      ? { percent_off: r.int(5, 50), duration: 'forever' }
      : kind === 'amount'
        ? { amount_off: r.int(100, 3000), currency: 'usd', duration: 'forever' }
        : { percent_off: r.int(10, 30), duration: 'repeating', duration_in_months: r.int(1, 2) },
  );
  return [{ coupon: coupon.id }];
}

describe('preview equals billed (property-style, seeded)', () => {
  it(`holds for ${RUNS} random subscriptions through seat changes and renewals`, async () => {
    const r = random(SEED);
    for (let run = 0; run < RUNS; run++) {
      const clock = await h.stripe.testHelpers.testClocks.create({ frozen_time: START });
      const customer = await h.stripe.customers.create({
        test_clock: clock.id,
        address: { country: r.pick(['DE', 'US', 'FR', 'BR', 'SE']) },
        payment_method: 'pm_card_visa',
        invoice_settings: { default_payment_method: 'pm_card_visa' },
      });
      const advance = (to: number) =>
        h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: to });
      const price = await randomPrice(r);
      const seats = r.int(1, 12);
      const sub = await h.stripe.subscriptions.create({
        customer: customer.id,
        items: [{ price: price.id, quantity: seats }],
        discounts: await randomDiscounts(r),
        automatic_tax: { enabled: true },
      });
      const item = sub.items.data[0]!;
      const at = START + r.int(1, 25) * DAY;
      await advance(at);
      const context = `run ${run} (seed ${SEED}): ${seats} seats, ${price.billing_scheme}/${price.tiers_mode}`;

      // More seats now, prorated and invoiced at once.
      const more = seats + r.int(1, 8);
      const up = await previewThenUpdate(h.stripe, sub.id, {
        items: [{ id: item.id, quantity: more }],
        proration_behavior: 'always_invoice',
        proration_date: at,
      });
      expect(shape(up.billed), context).toEqual(shape(up.preview));

      // Fewer seats at period end, through a schedule.
      const fewer = r.int(1, more);
      const current = await h.stripe.subscriptions.retrieve(sub.id);
      const discounts = current.discounts.map((d) => ({ discount: d as string }));
      const phases: Stripe.SubscriptionScheduleUpdateParams.Phase[] = [
        {
          items: [{ price: price.id, quantity: more }],
          start_date: item.current_period_start,
          end_date: item.current_period_end,
          proration_behavior: 'none',
          discounts,
        },
        {
          items: [{ price: price.id, quantity: fewer }],
          duration: { interval: 'month' },
          proration_behavior: 'none',
          discounts,
        },
      ];
      const schedule = await h.stripe.subscriptionSchedules.create({ from_subscription: sub.id });
      const down = await h.stripe.invoices.createPreview({
        customer: customer.id,
        schedule: schedule.id,
        schedule_details: { phases, end_behavior: 'release', proration_behavior: 'none' },
      });
      await h.stripe.subscriptionSchedules.update(schedule.id, { phases, end_behavior: 'release' });
      await advance(item.current_period_end + 7200);
      const renewal = (await h.stripe.invoices.list({ subscription: sub.id, limit: 1 })).data[0]!;
      expect(renewal.billing_reason, context).toBe('subscription_cycle');
      expect(shape(renewal), context).toEqual(shape(down));

      // And the renewal after that, previewed from the subscription alone.
      const next = await h.stripe.invoices.createPreview({ subscription: sub.id });
      const periodEnd = (await h.stripe.subscriptions.retrieve(sub.id)).items.data[0]!
        .current_period_end;
      await advance(periodEnd + 7200);
      const billed = (await h.stripe.invoices.list({ subscription: sub.id, limit: 1 })).data[0]!;
      expect(shape(billed), context).toEqual(shape(next));
      expect(billed.status, context).toBe('paid');
    }
  }, 60_000);
});
