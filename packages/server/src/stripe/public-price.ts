import type { Interval, PlanPrice } from '@tollgate/core';
import type Stripe from 'stripe';

/** A live Stripe price as the browser sees it: per unit, or Stripe's tiers (`up_to` null: the rest). */
export function publicPrice(interval: Interval, price: Stripe.Price): PlanPrice {
  const out: PlanPrice = { interval, amount: price.unit_amount ?? 0, currency: price.currency };
  if (price.billing_scheme === 'tiered' && price.tiers?.length) {
    out.tiers = price.tiers.map((tier) => ({
      upTo: tier.up_to,
      unitAmount: tier.unit_amount ?? 0,
      flatAmount: tier.flat_amount ?? 0,
    }));
    out.tiersMode = price.tiers_mode === 'volume' ? 'volume' : 'graduated';
  }
  const tax = price.tax_behavior;
  if (tax === 'inclusive' || tax === 'exclusive')
    out.taxBehavior = tax as 'inclusive' | 'exclusive';
  return out;
}
