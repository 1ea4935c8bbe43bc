import type Stripe from 'stripe';
import { invalidRequest } from '../errors.js';
import type { Engine } from './context.js';
import { decimal } from './util.js';

/** A tier as passed to `prices.create` (`up_to: 'inf'` for the last). */
export interface TierInput {
  up_to: number | 'inf';
  unit_amount?: number;
  unit_amount_decimal?: string;
  flat_amount?: number;
  flat_amount_decimal?: string;
}

/** `transform_quantity` of a price: bill `ceil|floor(quantity / divide_by)` units. */
export interface TransformInput {
  divide_by: number;
  round: 'up' | 'down';
}

const amountOf = (int: number | undefined, dec: string | undefined): number | null =>
  int ?? (dec !== undefined ? Number(dec) : null);

/**
 * Checks and normalises `tiers` as Stripe does: ascending `up_to`, the last one `inf`, each
 * with a unit and/or flat amount.
 */
export function buildTiers(tiers: TierInput[] | undefined): Stripe.Price.Tier[] {
  if (!tiers?.length)
    throw invalidRequest(
      'Missing required param: tiers (required when billing_scheme is tiered).',
      'tiers',
      'parameter_missing',
    );
  let last = 0;
  return tiers.map((t, i) => {
    const param = `tiers[${i}]`;
    const isLast = i === tiers.length - 1;
    if (t.up_to === 'inf' && !isLast)
      throw invalidRequest('Only the last tier can have `up_to: inf`.', `${param}[up_to]`);
    if (isLast && t.up_to !== 'inf')
      throw invalidRequest('The last tier must have `up_to: inf`.', `${param}[up_to]`);
    if (t.up_to !== 'inf') {
      if (t.up_to <= last)
        throw invalidRequest(
          'Tiers must be ordered by ascending `up_to`, each greater than the last.',
          `${param}[up_to]`,
        );
      last = t.up_to;
    }
    const unit = amountOf(t.unit_amount, t.unit_amount_decimal);
    const flat = amountOf(t.flat_amount, t.flat_amount_decimal);
    if (unit === null && flat === null)
      throw invalidRequest(
        'Each tier needs a `unit_amount` or a `flat_amount` (or both).',
        `${param}[unit_amount]`,
      );
    return {
      flat_amount: flat === null ? null : Math.round(flat),
      flat_amount_decimal: flat === null ? null : decimal(flat),
      unit_amount: unit === null ? null : Math.round(unit),
      unit_amount_decimal: unit === null ? null : decimal(unit),
      up_to: t.up_to === 'inf' ? null : t.up_to,
    };
  });
}

/** A price's tiers (kept aside: Stripe includes them only when `tiers` is expanded). */
export function tiersOf(engine: Engine, price: Stripe.Price): Stripe.Price.Tier[] {
  return engine.state.internal.priceTiers[price.id] ?? [];
}

const unitOf = (t: Stripe.Price.Tier) => Number(t.unit_amount_decimal ?? 0);
const flatOf = (t: Stripe.Price.Tier) => Number(t.flat_amount_decimal ?? 0);

/** Units billed after `transform_quantity` (divide, then round up or down). */
export function billedUnits(price: Stripe.Price, quantity: number): number {
  const t = price.transform_quantity;
  if (!t) return quantity;
  const q = quantity / t.divide_by;
  return t.round === 'up' ? Math.ceil(q) : Math.floor(q);
}

function graduated(tiers: Stripe.Price.Tier[], quantity: number): number {
  let total = 0;
  let from = 0;
  for (const tier of tiers) {
    if (quantity <= from) break;
    const to = tier.up_to ?? Number.POSITIVE_INFINITY;
    const units = Math.min(quantity, to) - from;
    total += units * unitOf(tier) + flatOf(tier);
    from = to;
  }
  return total;
}

function volume(tiers: Stripe.Price.Tier[], quantity: number): number {
  if (quantity <= 0) return 0;
  const tier = tiers.find((t) => t.up_to === null || quantity <= t.up_to) ?? tiers.at(-1)!;
  return quantity * unitOf(tier) + flatOf(tier);
}

/**
 * What `quantity` of `price` costs for one full period, in minor units, as Stripe computes it:
 * per unit (after `transform_quantity`), or tiered — `graduated` sums each tier's units (plus its
 * flat fee once reached), `volume` prices every unit at the tier the total falls in.
 */
export function priceAmount(engine: Engine, price: Stripe.Price, quantity: number): number {
  if (price.billing_scheme === 'tiered') {
    const tiers = tiersOf(engine, price);
    const raw =
      price.tiers_mode === 'volume' ? volume(tiers, quantity) : graduated(tiers, quantity);
    return Math.round(raw);
  }
  return Math.round(
    Number(price.unit_amount_decimal ?? price.unit_amount ?? 0) * billedUnits(price, quantity),
  );
}
