import type { MeterLimit, MeterPrice, MeterState, MeterUsage } from '../contract/usage';

/** The share of the included amount from which a meter shows `warning`. */
export const METER_WARNING_RATIO = 0.8;

/**
 * Where usage stands against a plan's included amount: `blocked` once a hard limit is reached,
 * `exceeded` past a soft one, `warning` from 80 %, else `ok`. Unlimited (-1) is always `ok`.
 *
 * @example
 * meterState(12_340, 10_000, 'soft'); // 'exceeded'
 */
export function meterState(used: number, included: number, limit: MeterLimit): MeterState {
  if (included < 0) return 'ok';
  if (limit === 'hard' && used >= included) return 'blocked';
  if (used > included) return 'exceeded';
  if (used >= included * METER_WARNING_RATIO && included > 0) return 'warning';
  return 'ok';
}

/**
 * Whether a meter may reach `total` units this period: a hard limit refuses beyond the included
 * amount; a soft one allows it (the overage is billed). The server refuses `recordUsage` by the
 * same rule.
 *
 * @example
 * if (!meterAllows(meter, meter.used + 1)) return <UpgradePrompt />;
 */
export function meterAllows(meter: Pick<MeterUsage, 'included' | 'limit'>, total: number): boolean {
  if (meter.limit === 'soft' || meter.included < 0) return true;
  return Number.isFinite(total) && total <= meter.included;
}

/**
 * What Stripe bills for `quantity` units of a metered price in one period, in minor units: per
 * unit, or tiered — `graduated` prices each unit at its tier (plus each reached tier's flat
 * amount), `volume` prices every unit at the tier the total falls in. A negative total bills 0.
 */
export function meterCharge(price: MeterPrice, quantity: number): number {
  const q = Math.max(0, quantity);
  if (!price.tiers?.length) return Math.round(q * (price.unitAmount ?? 0));
  if (price.tiersMode === 'volume') {
    if (q === 0) return 0;
    const tier = price.tiers.find((t) => t.upTo === null || q <= t.upTo) ?? price.tiers.at(-1)!;
    return Math.round(q * tier.unitAmount + tier.flatAmount);
  }
  let total = 0;
  let below = 0;
  for (const tier of price.tiers) {
    if (q <= below) break;
    const upTo = tier.upTo ?? Number.POSITIVE_INFINITY;
    total += (Math.min(q, upTo) - below) * tier.unitAmount + tier.flatAmount;
    below = upTo;
  }
  return Math.round(total);
}
