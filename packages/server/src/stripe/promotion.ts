import { BillingError } from '@tollgate/core';
import type Stripe from 'stripe';

/** A live promotion code and its coupon. */
export interface Promotion {
  promotionCode: Stripe.PromotionCode;
  coupon: Stripe.Coupon;
}

/** The active promotion code with this customer-facing code, or null (Stripe matches codes case-insensitively). */
export async function findPromotion(stripe: Stripe, code: string): Promise<Promotion | null> {
  const list = await stripe.promotionCodes.list({
    code,
    active: true,
    limit: 1,
    expand: ['data.promotion.coupon'],
  });
  const promotionCode = list.data[0];
  const coupon = promotionCode?.promotion.coupon;
  if (!promotionCode || !coupon || typeof coupon === 'string') return null;
  return { promotionCode, coupon };
}

/** Whether a coupon applies to a product (no `applies_to` means every product). */
export function appliesTo(coupon: Stripe.Coupon, product: string | { id: string }): boolean {
  const products = coupon.applies_to?.products;
  const id = typeof product === 'string' ? product : product.id;
  return !products?.length || products.includes(id);
}

/**
 * The promotion code a customer typed, checked with Stripe before checkout: it must exist, be
 * active and apply to the plan's product. Stripe checks the rest (first-time customers, minimum
 * amount, the customer it is restricted to, redemptions) when the session is created.
 */
export async function checkedPromotion(
  stripe: Stripe,
  code: string,
  plan: { name: string },
  price: Stripe.Price,
): Promise<Promotion> {
  const found = await findPromotion(stripe, code);
  if (!found) {
    throw new BillingError(
      'INVALID_PROMOTION_CODE',
      `The promotion code "${code}" is not valid — check the spelling, or continue without one.`,
    );
  }
  if (!appliesTo(found.coupon, price.product as string | { id: string })) {
    throw new BillingError(
      'INVALID_PROMOTION_CODE',
      `The promotion code "${code}" does not apply to ${plan.name} — choose another plan, or continue without it.`,
    );
  }
  return found;
}
