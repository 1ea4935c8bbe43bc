import * as z from 'zod/mini';
import { currencySchema, type Interval, intervalSchema } from '../contract/primitives';
import type { MeterLimit } from '../contract/usage';
import { type PriceTierInput, priceTiersSchema, tiersProblem } from './price-tiers';

/** How Stripe aggregates a meter's events over a period (its `default_aggregation.formula`). */
export type MeterFormula = 'sum' | 'count' | 'last';

/**
 * A plan meter's metered price by lookup key, with what `tollgate catalog push` needs to create
 * it: a per-unit `amount` or `tiers`, and a `currency`.
 */
export interface MeterPriceInput {
  lookupKey: string;
  /** Per unit, in minor units. */
  amount?: number;
  currency?: string;
  /** Tiers instead of `amount` (the last one `upTo: 'inf'`), e.g. the included units free. */
  tiers?: PriceTierInput[];
  /** `graduated` (default: each tier bills its own units) or `volume`. */
  tiersMode?: 'graduated' | 'volume';
  /** The billing interval; default `month`. Only subscriptions on this interval get the price. */
  interval?: Interval;
  taxBehavior?: 'inclusive' | 'exclusive';
}

/** How a plan bills and limits one meter, as written in the catalog. */
export interface PlanMeterInput {
  /** Shown to customers, e.g. "API calls"; also the meter's display name in Stripe. */
  label: string;
  /**
   * Units included each period (-1: unlimited). Stripe bills every unit at the metered price, so
   * give that price a free first tier up to this amount (graduated tiers) for the two to agree.
   */
  included: number;
  /** Past `included`: `soft` (default) allows it and bills the overage; `hard` refuses it. */
  limit?: MeterLimit;
  /** How `catalog push` creates the Stripe meter: `sum` (default), `count` or `last`. */
  formula?: MeterFormula;
  /** The metered Stripe price billing this meter on this plan: a lookup key or `{priceId}`. */
  price?: string | MeterPriceInput | { priceId: string } | null;
}

/** A validated plan meter. */
export interface PlanMeter {
  label: string;
  included: number;
  limit: MeterLimit;
  formula: MeterFormula;
  price: MeterPriceInput | { priceId: string } | null;
}

const EVENT_NAME = /^[A-Za-z0-9_.:-]{1,100}$/;
const LOOKUP_KEY = /^[A-Za-z0-9_.:-]{1,200}$/;

/** Schema of a plan's `meters` (keyed by the meter's event name). */
export const planMetersSchema = z.record(
  z
    .string()
    .check(
      z.regex(EVENT_NAME, 'keys must be meter event names (letters, digits, "_", ".", ":", "-")'),
    ),
  z.strictObject({
    label: z.string().check(z.minLength(1, 'must not be empty')),
    included: z.int().check(z.gte(-1, 'must be ≥ 0, or -1 for unlimited')),
    limit: z.optional(z.enum(['soft', 'hard'])),
    formula: z.optional(z.enum(['sum', 'count', 'last'])),
    // null: a plan already validated (a meter without a price) passes again.
    price: z.optional(
      z.nullable(
        z.union([
          z.string().check(z.minLength(1)),
          z.strictObject({
            lookupKey: z
              .string()
              .check(
                z.regex(
                  LOOKUP_KEY,
                  'must be a lookup key of letters, digits, "_", ".", ":" or "-"',
                ),
              ),
            amount: z.optional(
              z.int().check(z.nonnegative('must be a whole, non-negative number of minor units')),
            ),
            currency: z.optional(currencySchema),
            tiers: z.optional(priceTiersSchema),
            tiersMode: z.optional(z.enum(['graduated', 'volume'])),
            interval: z.optional(intervalSchema),
            taxBehavior: z.optional(z.enum(['inclusive', 'exclusive'])),
          }),
          z.strictObject({
            priceId: z.string().check(z.regex(/^price_\w+$/, 'must look like "price_…"')),
          }),
        ]),
      ),
    ),
  }),
);

/** The plan's meters with defaults: `limit: 'soft'`, `formula: 'sum'`, a string price as a lookup key. */
export function normaliseMeters(
  meters: Record<string, PlanMeterInput> | undefined,
): Record<string, PlanMeter> {
  const out: Record<string, PlanMeter> = {};
  for (const [name, m] of Object.entries(meters ?? {})) {
    out[name] = {
      label: m.label,
      included: m.included,
      limit: m.limit ?? 'soft',
      formula: m.formula ?? 'sum',
      price:
        m.price === undefined || m.price === null
          ? null
          : typeof m.price === 'string'
            ? { lookupKey: m.price }
            : m.price,
    };
  }
  return out;
}

/**
 * What is wrong with the meters across a catalog, or null: a meter is one Stripe meter and a
 * lookup key one Stripe price, so every plan naming them must describe them alike.
 */
export function metersProblem(
  plans: readonly { key: string; meters: Record<string, PlanMeter> }[],
): { plan: string; field: string; problem: string } | null {
  const formulas = new Map<string, { plan: string; formula: MeterFormula }>();
  const prices = new Map<string, { plan: string; meter: string; described: string | null }>();
  for (const plan of plans) {
    for (const [name, meter] of Object.entries(plan.meters)) {
      const seen = formulas.get(name);
      if (seen && seen.formula !== meter.formula) {
        return {
          plan: plan.key,
          field: `meters.${name}.formula`,
          problem: `is "${meter.formula}" but "${seen.formula}" on plan "${seen.plan}" — one event name is one Stripe meter`,
        };
      }
      formulas.set(name, { plan: plan.key, formula: meter.formula });
      const price = meter.price;
      if (!price || !('lookupKey' in price)) continue;
      if (price.tiers) {
        const problem = tiersProblem(price.tiers, price.amount);
        if (problem) return { plan: plan.key, field: `meters.${name}.price.tiers`, problem };
      }
      const { lookupKey, ...fields } = price;
      const described = Object.keys(fields).length > 0 ? JSON.stringify(fields) : null;
      const other = prices.get(lookupKey);
      const differs =
        other &&
        (other.meter !== name ||
          (other.described !== null && described !== null && other.described !== described));
      if (differs) {
        return {
          plan: plan.key,
          field: `meters.${name}.price`,
          problem: `"${lookupKey}" is described differently on plan "${other.plan}" — one lookup key is one Stripe price, on one meter`,
        };
      }
      if (!other || other.described === null)
        prices.set(lookupKey, { plan: plan.key, meter: name, described });
    }
  }
  return null;
}
