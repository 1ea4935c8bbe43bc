import type Stripe from 'stripe';
import { invalidRequest, resourceMissing } from '../errors.js';
import { randomToken } from '../ids.js';
import type { Engine } from './context.js';
import { mergeMetadata, must } from './util.js';

/** `coupons.create` input. */
export interface CouponInput {
  id?: string;
  name?: string;
  percent_off?: number;
  amount_off?: number;
  currency?: string;
  duration?: 'once' | 'repeating' | 'forever';
  duration_in_months?: number;
  max_redemptions?: number;
  redeem_by?: number;
  applies_to?: { products?: string[] };
  metadata?: Record<string, string>;
}

function checkAmounts(input: CouponInput): void {
  const percent = input.percent_off !== undefined;
  const amount = input.amount_off !== undefined;
  if (percent === amount)
    throw invalidRequest(
      'You must pass exactly one of percent_off or amount_off.',
      percent ? 'amount_off' : 'percent_off',
    );
  if (percent && (input.percent_off! <= 0 || input.percent_off! > 100))
    throw invalidRequest(
      'Invalid percent_off: must be greater than 0 and at most 100.',
      'percent_off',
    );
  if (amount && !input.currency)
    throw invalidRequest(
      'You must pass currency when passing amount_off.',
      'currency',
      'parameter_missing',
    );
  if (percent && input.currency)
    throw invalidRequest('currency can only be set together with amount_off.', 'currency');
}

function checkDuration(input: CouponInput): void {
  const repeating = input.duration === 'repeating';
  if (repeating && input.duration_in_months === undefined)
    throw invalidRequest(
      'Missing required param: duration_in_months (required when duration is repeating).',
      'duration_in_months',
      'parameter_missing',
    );
  if (!repeating && input.duration_in_months !== undefined)
    throw invalidRequest(
      'duration_in_months can only be set when duration is repeating.',
      'duration_in_months',
    );
}

/** Creates a coupon (`percent_off`, or `amount_off` + `currency`) with Stripe's checks. */
export function createCoupon(engine: Engine, input: CouponInput): Stripe.Coupon {
  checkAmounts(input);
  checkDuration(input);
  const now = engine.clock.now();
  const id = input.id ?? randomToken(8);
  if (engine.state.coupons[id] && !engine.state.internal.deletedCoupons[id])
    throw invalidRequest('Coupon already exists.', 'id', 'resource_already_exists');
  if (input.redeem_by !== undefined && input.redeem_by <= now)
    throw invalidRequest('Invalid redeem_by: must be in the future.', 'redeem_by');
  const products = input.applies_to?.products;
  for (const [i, p] of (products ?? []).entries())
    must(engine.state.products, p, 'product', `applies_to[products][${i}]`);
  delete engine.state.internal.deletedCoupons[id];
  const coupon: Stripe.Coupon = {
    id,
    object: 'coupon',
    amount_off: input.amount_off ?? null,
    ...(products ? { applies_to: { products } } : {}),
    created: now,
    currency: input.currency?.toLowerCase() ?? null,
    duration: input.duration ?? 'once',
    duration_in_months: input.duration_in_months ?? null,
    livemode: false,
    max_redemptions: input.max_redemptions ?? null,
    metadata: mergeMetadata({}, input.metadata),
    name: input.name ?? null,
    percent_off: input.percent_off ?? null,
    redeem_by: input.redeem_by ?? null,
    times_redeemed: 0,
    valid: true,
  };
  engine.state.coupons[id] = coupon;
  return coupon;
}

/**
 * Why a coupon can no longer be redeemed (past `redeem_by`, or `max_redemptions` reached), or
 * `null`. Existing discounts made from it keep applying, as in Stripe.
 */
export function couponProblem(engine: Engine, coupon: Stripe.Coupon): string | null {
  if (engine.state.internal.deletedCoupons[coupon.id]) return 'has been deleted';
  if (coupon.redeem_by !== null && coupon.redeem_by <= engine.clock.now()) return 'has expired';
  if (coupon.max_redemptions !== null && coupon.times_redeemed >= coupon.max_redemptions)
    return 'has reached its maximum number of redemptions';
  return null;
}

/** The coupon with `id` (its `valid` brought up to date), or Stripe's 404. */
export function getCoupon(engine: Engine, id: string, param = 'id'): Stripe.Coupon {
  const coupon = engine.state.coupons[id];
  if (!coupon || engine.state.internal.deletedCoupons[id])
    throw resourceMissing('coupon', id, param);
  coupon.valid = couponProblem(engine, coupon) === null;
  return coupon;
}

/** A coupon as discounts use it, even once deleted. */
export function couponOf(engine: Engine, id: string): Stripe.Coupon {
  return must(engine.state.coupons, id, 'coupon');
}

/** Every live coupon, `valid` up to date. */
export function listCoupons(engine: Engine): Stripe.Coupon[] {
  return Object.keys(engine.state.coupons)
    .filter((id) => !engine.state.internal.deletedCoupons[id])
    .map((id) => getCoupon(engine, id));
}

/** `coupons.update`: only `name` and `metadata` change, as in Stripe. */
export function updateCoupon(
  engine: Engine,
  id: string,
  input: { name?: string | null; metadata?: Record<string, string> | '' },
): Stripe.Coupon {
  const coupon = getCoupon(engine, id);
  if (input.name !== undefined) coupon.name = input.name || null;
  coupon.metadata = mergeMetadata(coupon.metadata ?? {}, input.metadata);
  return coupon;
}

/** `coupons.del`: no new redemptions; discounts already made keep applying. */
export function deleteCoupon(engine: Engine, id: string): Stripe.DeletedCoupon {
  getCoupon(engine, id);
  engine.state.internal.deletedCoupons[id] = true;
  return { id, object: 'coupon', deleted: true };
}
