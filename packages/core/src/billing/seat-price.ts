import type { PlanPrice } from '../contract/plans';

/**
 * What a price comes to for a seat count, before discounts and tax, as Stripe prices it: per
 * unit (`amount × seats`), graduated (each tier bills its own seats, plus its flat amount) or
 * volume (the tier the count falls in bills every seat). For showing a total beside a seat
 * stepper; what is charged always comes from Stripe's own preview.
 *
 * @example
 * priceForSeats({ interval: 'month', amount: 1200, currency: 'usd' }, 5); // 6000
 */
export function priceForSeats(price: PlanPrice, seats: number): number {
  const tiers = price.tiers;
  if (!tiers?.length) return price.amount * seats;
  if (price.tiersMode === 'volume') {
    const tier = tiers.find((t) => t.upTo === null || seats <= t.upTo) ?? tiers.at(-1)!;
    return tier.unitAmount * seats + tier.flatAmount;
  }
  let total = 0;
  let below = 0;
  for (const tier of tiers) {
    if (seats <= below) break;
    const inTier = Math.min(seats, tier.upTo ?? seats) - below;
    total += tier.unitAmount * inTier + tier.flatAmount;
    below = tier.upTo ?? seats;
  }
  return total;
}
