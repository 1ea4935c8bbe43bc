import * as z from 'zod/mini';
import { discountSchema } from './discount';
import {
  currencySchema,
  entitlementsSchema,
  intervalSchema,
  minorUnitsSchema,
  planKeySchema,
} from './primitives';

/** One tier of a per-seat price, as Stripe has it (`upTo` null: every seat beyond). */
export const priceTierSchema = z.object({
  upTo: z.nullable(z.int()),
  unitAmount: minorUnitsSchema,
  flatAmount: minorUnitsSchema,
});
export type PriceTier = z.infer<typeof priceTierSchema>;

/** A live price of a plan, resolved from Stripe. */
export const planPriceSchema = z.object({
  interval: intervalSchema,
  /** Per unit: the whole price, or one seat's on a per-seat plan (0 for a tiered price: see `tiers`). */
  amount: minorUnitsSchema,
  currency: currencySchema,
  /** A tiered per-seat price: Stripe's tiers and how they apply. */
  tiers: z.optional(z.array(priceTierSchema)),
  tiersMode: z.optional(z.enum(['graduated', 'volume'])),
  /** Stripe's `tax_behavior`: whether `amount` includes tax. */
  taxBehavior: z.optional(z.enum(['inclusive', 'exclusive', 'unspecified'])),
});
export type PlanPrice = z.infer<typeof planPriceSchema>;

/** A plan as the browser sees it: marketing copy, entitlements and live prices. */
export const publicPlanSchema = z.object({
  key: planKeySchema,
  name: z.string(),
  description: z.string(),
  features: z.array(z.string()),
  entitlements: entitlementsSchema,
  rank: z.int(),
  free: z.boolean(),
  trialDays: z.int(),
  prices: z.array(planPriceSchema),
  /** The plan the catalog highlights ("Most popular"). Absent from servers before 0.2. */
  recommended: z.optional(z.boolean()),
  /** A discount on offer for this plan (the server's configured promotion code), shown on its card. */
  discount: z.optional(discountSchema),
  /** A per-seat plan's bounds (`max` null: no plan limit) and free seats. Absent: sold as one unit. */
  seats: z.optional(z.object({ min: z.int(), max: z.nullable(z.int()), included: z.int() })),
});
export type PublicPlan = z.infer<typeof publicPlanSchema>;

/** `GET /plans`: the catalog with live prices, and the caller's current plan when signed in. */
export const plansResponseSchema = z.object({
  plans: z.array(publicPlanSchema),
  current: z.nullable(
    z.object({
      plan: planKeySchema,
      interval: z.nullable(intervalSchema),
      /** Seats subscribed (the subscription's quantity). */
      seats: z.optional(z.int()),
      /** The subscription's discount in effect, shown on its plan's card. Absent without one (and before 0.3). */
      discount: z.optional(discountSchema),
    }),
  ),
  trialEligible: z.boolean(),
});
export type PlansResponse = z.infer<typeof plansResponseSchema>;
