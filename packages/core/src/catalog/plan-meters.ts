import * as z from 'zod/mini';
import type { MeterLimit } from '../contract/usage';

/** How a plan bills and limits one meter, as written in the catalog. */
export interface PlanMeterInput {
  /** Shown to customers, e.g. "API calls". */
  label: string;
  /**
   * Units included each period (-1: unlimited). Stripe bills every unit at the metered price, so
   * give that price a free first tier up to this amount (graduated tiers) for the two to agree.
   */
  included: number;
  /** Past `included`: `soft` (default) allows it and bills the overage; `hard` refuses it. */
  limit?: MeterLimit;
  /** The metered Stripe price billing this meter on this plan: a lookup key or `{priceId}`. */
  price?: string | { lookupKey: string } | { priceId: string } | null;
}

/** A validated plan meter. */
export interface PlanMeter {
  label: string;
  included: number;
  limit: MeterLimit;
  price: { lookupKey: string } | { priceId: string } | null;
}

const EVENT_NAME = /^[A-Za-z0-9_.:-]{1,100}$/;

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
    // null: a plan already validated (a meter without a price) passes again.
    price: z.optional(
      z.nullable(
        z.union([
          z.string().check(z.minLength(1)),
          z.strictObject({ lookupKey: z.string().check(z.minLength(1)) }),
          z.strictObject({
            priceId: z.string().check(z.regex(/^price_\w+$/, 'must look like "price_…"')),
          }),
        ]),
      ),
    ),
  }),
);

/** The plan's meters with defaults: `limit: 'soft'`, a string price as a lookup key. */
export function normaliseMeters(
  meters: Record<string, PlanMeterInput> | undefined,
): Record<string, PlanMeter> {
  const out: Record<string, PlanMeter> = {};
  for (const [name, m] of Object.entries(meters ?? {})) {
    out[name] = {
      label: m.label,
      included: m.included,
      limit: m.limit ?? 'soft',
      price:
        m.price === undefined
          ? null
          : typeof m.price === 'string'
            ? { lookupKey: m.price }
            : m.price,
    };
  }
  return out;
}
