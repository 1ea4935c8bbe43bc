import type { MeterPrice } from '@tollgate/core';
import type Stripe from 'stripe';

/** How a plan names the metered price of one meter: a lookup key or a price id. */
export type MeterPriceRef = { lookupKey: string } | { priceId: string };

const TTL_MS = 10 * 60_000;

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

/** The metered prices plans name, read from Stripe with their tiers and kept for ten minutes. */
export function meterPriceResolver(stripe: Stripe) {
  const cache = new Map<string, { at: number; value: Promise<MeterPrice | null> }>();
  const read = async (ref: MeterPriceRef): Promise<MeterPrice | null> => {
    if ('priceId' in ref) {
      return toMeterPrice(await stripe.prices.retrieve(ref.priceId, { expand: ['tiers'] }));
    }
    const list = await stripe.prices.list({
      lookup_keys: [ref.lookupKey],
      active: true,
      limit: 1,
      expand: ['data.tiers'],
    });
    return list.data[0] ? toMeterPrice(list.data[0]) : null;
  };
  return (ref: MeterPriceRef): Promise<MeterPrice | null> => {
    const key = 'priceId' in ref ? ref.priceId : ref.lookupKey;
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
    const value = read(ref);
    cache.set(key, { at: Date.now(), value });
    value.catch(() => cache.delete(key));
    return value;
  };
}
