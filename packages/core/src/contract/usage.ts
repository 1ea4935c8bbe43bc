import * as z from 'zod/mini';
import { currencySchema, instantSchema, minorUnitsSchema } from './primitives';

/** What happens past a metered feature's included amount: billed (`soft`) or refused (`hard`). */
export const meterLimitSchema = z.enum(['soft', 'hard']);
export type MeterLimit = z.infer<typeof meterLimitSchema>;

/**
 * Where a meter stands this period: `ok`, `warning` (80 % of the included amount or more),
 * `exceeded` (past it, billed as overage) or `blocked` (a hard limit reached: more is refused).
 */
export const meterStateSchema = z.enum(['ok', 'warning', 'exceeded', 'blocked']);
export type MeterState = z.infer<typeof meterStateSchema>;

/** One tier of a tiered metered price, as Stripe bills it (`upTo` null: the last tier). */
export const meterTierSchema = z.object({
  upTo: z.nullable(z.number()),
  /** Per unit, in minor units (may be fractional, as Stripe's `unit_amount_decimal`). */
  unitAmount: z.number(),
  flatAmount: z.number(),
});
export type MeterTier = z.infer<typeof meterTierSchema>;

/** The metered Stripe price of a meter on the caller's plan. */
export const meterPriceSchema = z.object({
  currency: currencySchema,
  /** Per unit, in minor units (may be fractional); null for a tiered price. */
  unitAmount: z.nullable(z.number()),
  tiers: z.nullable(z.array(meterTierSchema)),
  tiersMode: z.nullable(z.enum(['graduated', 'volume'])),
});
export type MeterPrice = z.infer<typeof meterPriceSchema>;

/** One meter of the caller's plan this period. */
export const meterUsageSchema = z.object({
  /** The meter's event name (`recordUsage`'s `meter`). */
  meter: z.string(),
  label: z.string(),
  /** Delivered plus pending, aggregated by the meter's formula. */
  used: z.number(),
  /** Counted by Stripe (its meter event summaries, cached). */
  delivered: z.number(),
  /** Recorded, not yet counted by Stripe (the outbox). */
  pending: z.number(),
  /** Included each period; -1: unlimited. */
  included: z.int(),
  limit: meterLimitSchema,
  /** Units past the included amount. */
  overage: z.number(),
  price: z.nullable(meterPriceSchema),
  /** What Stripe will bill for `used` at the price this period; null without a price. */
  estimatedCharge: z.nullable(minorUnitsSchema),
  state: meterStateSchema,
});
export type MeterUsage = z.infer<typeof meterUsageSchema>;

/** `GET /usage`: the caller's metered usage in the current billing period, per meter of the plan. */
export const usageResponseSchema = z.object({
  /** The billing period; null without a subscription. */
  period: z.nullable(z.object({ start: instantSchema, end: instantSchema })),
  meters: z.array(meterUsageSchema),
});
export type UsageResponse = z.infer<typeof usageResponseSchema>;
