import * as z from 'zod/mini';

/** One tier of a tiered price, in Stripe's terms (minor units). */
export interface PriceTierInput {
  upTo: number | 'inf';
  unitAmount?: number;
  flatAmount?: number;
}

/** Schema of a price's `tiers`, as `catalog push` sends them to Stripe. */
export const priceTiersSchema = z
  .array(
    z.strictObject({
      upTo: z.union([z.int().check(z.positive('must be a positive count')), z.literal('inf')]),
      unitAmount: z.optional(z.int().check(z.nonnegative('must be ≥ 0 minor units'))),
      flatAmount: z.optional(z.int().check(z.nonnegative('must be ≥ 0 minor units'))),
    }),
  )
  .check(z.minLength(1, 'needs at least one tier'));

/** What is wrong with a validated price's tiers and amount (Stripe's rules), or null. */
export function tiersProblem(tiers: PriceTierInput[], amount: number | undefined): string | null {
  if (amount !== undefined) return 'replace amount — give one or the other';
  if (tiers.at(-1)!.upTo !== 'inf') return "must end with upTo: 'inf'";
  const bounds = tiers.slice(0, -1).map((tier) => tier.upTo);
  if (bounds.some((upTo, i) => upTo === 'inf' || (i > 0 && upTo <= (bounds[i - 1] as number))))
    return "must rise: each upTo above the one before, only the last 'inf'";
  return null;
}
