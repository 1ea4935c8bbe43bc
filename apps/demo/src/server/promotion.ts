import type Stripe from 'stripe';

/** The promotion code the demo's pricing page shows on every paid plan, and checkout applies. */
export const LAUNCH_CODE = 'LAUNCH20';

/**
 * "Launch 20%": 20 % off for the first 3 months, as the promotion code LAUNCH20. Created once,
 * idempotently by code, through the same SDK calls you would make against real Stripe.
 */
export async function ensureLaunchPromotion(stripe: Stripe): Promise<void> {
  const found = await stripe.promotionCodes.list({ code: LAUNCH_CODE, active: true, limit: 1 });
  if (found.data.length > 0) return;
  const coupon = await stripe.coupons.create({
    name: 'Launch 20%',
    percent_off: 20,
    duration: 'repeating',
    duration_in_months: 3,
  });
  await stripe.promotionCodes.create({
    code: LAUNCH_CODE,
    promotion: { type: 'coupon', coupon: coupon.id },
  });
}
