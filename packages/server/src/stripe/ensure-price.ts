import type { Interval } from '@tollgate/core';
import type Stripe from 'stripe';
import { type PriceShape, sameShape } from './price-shape';

/** A price `catalog push` wants under a lookup key. */
export interface WantedPrice {
  lookupKey: string;
  product: string;
  /** Null when the catalog gives no amount: the price is then only looked up. */
  shape: PriceShape | null;
  currency: string | undefined;
  recurring: { interval: Interval; usage_type?: 'metered'; meter?: string };
  taxBehavior?: 'inclusive' | 'exclusive';
  metadata: Record<string, string>;
}

/** What `ensurePrice` did. */
export interface PriceOutcome {
  action: 'created' | 'moved' | 'unchanged' | 'missing';
  detail: string;
}

/**
 * Makes the price under `lookupKey` the wanted one: unchanged when the live price matches;
 * otherwise a new price that takes over the lookup key (`transfer_lookup_key`), leaving existing
 * subscribers on the old one. `missing` when it must be created and the catalog gives no amount.
 */
export async function ensurePrice(stripe: Stripe, want: WantedPrice): Promise<PriceOutcome> {
  const [current] = (
    await stripe.prices.list({ lookup_keys: [want.lookupKey], limit: 1, expand: ['data.tiers'] })
  ).data;
  const described = want.shape !== null && want.currency !== undefined;
  const recurring = current?.recurring as Record<string, unknown> | null | undefined;
  const same =
    current?.active &&
    Object.entries(want.recurring).every(([key, value]) => recurring?.[key] === value) &&
    (!described || (sameShape(current, want.shape) && current.currency === want.currency));
  if (same) return { action: 'unchanged', detail: `${want.lookupKey} → ${current.id}` };
  if (!described) {
    return {
      action: 'missing',
      detail: `${want.lookupKey}: give the catalog price an amount and currency to create it`,
    };
  }
  const price = await stripe.prices.create({
    product: want.product,
    ...want.shape,
    ...(want.taxBehavior ? { tax_behavior: want.taxBehavior } : {}),
    currency: want.currency!,
    recurring: want.recurring,
    lookup_key: want.lookupKey,
    transfer_lookup_key: true,
    metadata: want.metadata,
  });
  return {
    action: current ? 'moved' : 'created',
    detail: `${want.lookupKey} → ${price.id}${current ? ` (was ${current.id})` : ''}`,
  };
}
