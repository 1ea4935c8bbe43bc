import type { MeterPrice } from '@tollgate/core';
import type Stripe from 'stripe';

/** A Stripe price as `/usage` shows it (tiers only come with `expand: ['tiers']`). */
export function toMeterPrice(price: Stripe.Price): MeterPrice {
  const decimal = (d: unknown, n: number | null) => (d != null ? Number(String(d)) : n);
  return {
    currency: price.currency,
    unitAmount:
      price.billing_scheme === 'tiered'
        ? null
        : decimal(price.unit_amount_decimal, price.unit_amount),
    tiers:
      price.billing_scheme === 'tiered'
        ? (price.tiers ?? []).map((t) => ({
            upTo: t.up_to,
            unitAmount: decimal(t.unit_amount_decimal, t.unit_amount) ?? 0,
            flatAmount: decimal(t.flat_amount_decimal, t.flat_amount) ?? 0,
          }))
        : null,
    tiersMode: price.tiers_mode === 'volume' ? 'volume' : price.tiers_mode ? 'graduated' : null,
  };
}
