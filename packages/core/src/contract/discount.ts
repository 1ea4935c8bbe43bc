import * as z from 'zod/mini';
import { currencySchema, instantSchema, minorUnitsSchema } from './primitives';

/**
 * A discount in Stripe's terms: a coupon's percent or amount off and how long it lasts
 * (`once`: the next invoice; `repeating`: `durationInMonths`; `forever`), the promotion code it
 * came from, and when it ends (null: not known yet, or never).
 */
export const discountSchema = z.object({
  /** The coupon's name (or its id when it has none). */
  name: z.string(),
  /** The customer-facing promotion code, when the discount came from one. */
  code: z.nullable(z.string()),
  percentOff: z.nullable(z.number()),
  amountOff: z.nullable(minorUnitsSchema),
  currency: z.nullable(currencySchema),
  duration: z.enum(['once', 'repeating', 'forever']),
  durationInMonths: z.nullable(z.int()),
  endsAt: z.nullable(instantSchema),
});
export type Discount = z.infer<typeof discountSchema>;

/** What a discount takes off one invoice. */
export const discountAmountSchema = z.object({
  discount: discountSchema,
  amount: minorUnitsSchema,
});
export type DiscountAmount = z.infer<typeof discountAmountSchema>;

/** Tax on one invoice, as Stripe computed it: included in the prices, or added on top. */
export const taxAmountSchema = z.object({
  amount: minorUnitsSchema,
  inclusive: z.boolean(),
  /** Stripe's rate name, or the tax type ("vat", "sales_tax"); "" when Stripe gives none. */
  label: z.string(),
  /** The rate in percent, when Stripe gives one. */
  percentage: z.nullable(z.number()),
});
export type TaxAmount = z.infer<typeof taxAmountSchema>;
