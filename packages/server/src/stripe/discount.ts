import type { Discount, TaxAmount } from '@tollgate/core';
import type Stripe from 'stripe';

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/** Expand paths that let {@link discountOf} read a discount's coupon and promotion code. */
export const DISCOUNT_EXPAND = ['source.coupon', 'promotion_code'] as const;

/**
 * A Stripe discount in the contract's words, read from its coupon (`source.coupon`) and
 * promotion code — null when they were not expanded or the discount was deleted.
 */
export function discountOf(
  discount: string | Stripe.Discount | Stripe.DeletedDiscount | null | undefined,
): Discount | null {
  if (!discount || typeof discount === 'string' || discount.deleted) return null;
  const coupon = discount.source?.coupon;
  if (!coupon || typeof coupon === 'string') return null;
  const promotion = discount.promotion_code;
  return {
    name: coupon.name ?? coupon.id,
    code: promotion && typeof promotion === 'object' ? promotion.code : null,
    percentOff: coupon.percent_off,
    amountOff: coupon.amount_off,
    currency: coupon.currency,
    duration: coupon.duration as Discount['duration'],
    durationInMonths: coupon.duration_in_months,
    endsAt: discount.end ? iso(discount.end) : null,
  };
}

/** A coupon on offer (not yet a discount): no end until it is redeemed. */
export function offerOf(coupon: Stripe.Coupon, code: string | null): Discount {
  return {
    name: coupon.name ?? coupon.id,
    code,
    percentOff: coupon.percent_off,
    amountOff: coupon.amount_off,
    currency: coupon.currency,
    duration: coupon.duration as Discount['duration'],
    durationInMonths: coupon.duration_in_months,
    endsAt: null,
  };
}

/** One of an invoice's `total_taxes`, with its tax rate's name and percentage when known. */
export function taxOf(tax: Stripe.Invoice.TotalTax, rate: Stripe.TaxRate | undefined): TaxAmount {
  return {
    amount: tax.amount,
    inclusive: tax.tax_behavior === 'inclusive',
    label: rate?.display_name ?? '',
    percentage: rate ? (rate.effective_percentage ?? rate.percentage) : null,
  };
}
