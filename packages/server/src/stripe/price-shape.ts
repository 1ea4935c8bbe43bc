import type { PriceTierInput } from '@tollgate/core';
import type Stripe from 'stripe';

/** How Stripe prices a catalog price: per unit, or tiered. */
export type PriceShape =
  | { unit_amount: number }
  | {
      billing_scheme: 'tiered';
      tiers_mode: 'graduated' | 'volume';
      tiers: { up_to: number | 'inf'; unit_amount?: number; flat_amount?: number }[];
    };

/**
 * A catalog price's shape: its tiers, or per unit — graduated with the first `freeUnits` at 0
 * when there are some (a per-seat plan's included seats). Null when it gives no amount.
 */
export function priceShape(
  ref: { amount?: number; tiers?: PriceTierInput[]; tiersMode?: 'graduated' | 'volume' },
  freeUnits = 0,
): PriceShape | null {
  if (ref.tiers) {
    return {
      billing_scheme: 'tiered',
      tiers_mode: ref.tiersMode ?? 'graduated',
      tiers: ref.tiers.map((tier) => ({
        up_to: tier.upTo,
        ...(tier.unitAmount !== undefined ? { unit_amount: tier.unitAmount } : {}),
        ...(tier.flatAmount !== undefined ? { flat_amount: tier.flatAmount } : {}),
      })),
    };
  }
  if (ref.amount === undefined) return null;
  if (freeUnits === 0) return { unit_amount: ref.amount };
  return {
    billing_scheme: 'tiered',
    tiers_mode: 'graduated',
    tiers: [
      { up_to: freeUnits, unit_amount: 0 },
      { up_to: 'inf', unit_amount: ref.amount },
    ],
  };
}

/** Whether a live price already prices as `shape` (its tiers read when Stripe sent them). */
export function sameShape(price: Stripe.Price, shape: PriceShape | null): boolean {
  if (!shape) return true;
  if ('unit_amount' in shape)
    return price.billing_scheme !== 'tiered' && price.unit_amount === shape.unit_amount;
  const tiers = price.tiers ?? [];
  return (
    price.billing_scheme === 'tiered' &&
    price.tiers_mode === shape.tiers_mode &&
    tiers.length === shape.tiers.length &&
    shape.tiers.every(
      (tier, i) =>
        (tiers[i]!.up_to ?? 'inf') === tier.up_to &&
        (tiers[i]!.unit_amount ?? 0) === (tier.unit_amount ?? 0) &&
        (tiers[i]!.flat_amount ?? 0) === (tier.flat_amount ?? 0),
    )
  );
}
