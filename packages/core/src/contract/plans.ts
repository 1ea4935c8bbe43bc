import * as z from 'zod/mini';
import {
  currencySchema,
  entitlementsSchema,
  intervalSchema,
  minorUnitsSchema,
  planKeySchema,
} from './primitives';

/** A live price of a plan, resolved from Stripe. */
export const planPriceSchema = z.object({
  interval: intervalSchema,
  amount: minorUnitsSchema,
  currency: currencySchema,
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
});
export type PublicPlan = z.infer<typeof publicPlanSchema>;

/** `GET /plans`: the catalog with live prices, and the caller's current plan when signed in. */
export const plansResponseSchema = z.object({
  plans: z.array(publicPlanSchema),
  current: z.nullable(z.object({ plan: planKeySchema, interval: z.nullable(intervalSchema) })),
  trialEligible: z.boolean(),
});
export type PlansResponse = z.infer<typeof plansResponseSchema>;
