import type Stripe from 'stripe';
import { invalidRequest, type StripeApiError } from '../errors.js';
import { newId } from '../ids.js';
import { valuesOf } from '../state.js';
import type { Engine } from './context.js';
import { couponOf, couponProblem, getCoupon } from './coupons.js';
import { emit } from './emit.js';
import { money } from './items.js';
import { getPromotionCode, promoCoupon } from './promotion-codes.js';
import { addInterval, idOf, must } from './util.js';

/** One entry of a `discounts[]` parameter. */
export interface DiscountSpec {
  coupon?: string;
  promotion_code?: string;
  discount?: string;
}

/** Who redeems, and what the first invoice would come to (for `minimum_amount`). */
export interface RedeemContext {
  customer: string | null;
  currency: string;
  /** Subtotal the discount would apply to, before discounts. */
  amount: number;
  /** `discounts` or `subscription_details[…]`: names the parameter in errors. */
  param: string;
}

/** What a `discounts[]` entry resolves to before anything is redeemed. */
interface Resolved {
  coupon: Stripe.Coupon;
  promotionCode: Stripe.PromotionCode | null;
  /** An existing discount passed as `{discount}`: reused, not redeemed again. */
  existing: Stripe.Discount | null;
}

const refuse = (message: string, param: string, code?: string): StripeApiError =>
  invalidRequest(message, param, code);

function hasPaid(engine: Engine, customer: string): boolean {
  return valuesOf(engine.state.invoices).some(
    (i) => idOf(i.customer) === customer && i.status === 'paid' && i.amount_paid > 0,
  );
}

function checkPromotionCode(
  engine: Engine,
  promo: Stripe.PromotionCode,
  ctx: RedeemContext,
  param: string,
): void {
  const now = engine.clock.now();
  if (!promo.active)
    throw refuse(`This promotion code (${promo.code}) is inactive and cannot be redeemed.`, param);
  if (promo.expires_at !== null && promo.expires_at <= now)
    throw refuse(`This promotion code (${promo.code}) has expired.`, param, 'coupon_expired');
  if (promo.max_redemptions !== null && promo.times_redeemed >= promo.max_redemptions)
    throw refuse(
      `This promotion code (${promo.code}) has reached its maximum number of redemptions.`,
      param,
      'coupon_expired',
    );
  if (promo.customer !== null && idOf(promo.customer) !== ctx.customer)
    throw refuse(
      `This promotion code (${promo.code}) is restricted to another customer and cannot be redeemed by this one.`,
      param,
    );
  const r = promo.restrictions;
  if (r.first_time_transaction && ctx.customer && hasPaid(engine, ctx.customer))
    throw refuse(
      'This promotion code cannot be redeemed because the associated customer has prior transactions.',
      param,
    );
  if (r.minimum_amount !== null) {
    const currency = r.minimum_amount_currency ?? ctx.currency;
    if (currency !== ctx.currency || ctx.amount < r.minimum_amount)
      throw refuse(
        `This promotion code cannot be redeemed because the order does not meet its minimum amount of ${money(r.minimum_amount, currency)}.`,
        param,
      );
  }
}

function resolve(engine: Engine, spec: DiscountSpec, ctx: RedeemContext, i: number): Resolved {
  const at = `${ctx.param}[${i}]`;
  const given = (['coupon', 'promotion_code', 'discount'] as const).filter((k) => spec[k]);
  if (given.length !== 1)
    throw refuse(
      'Each discount needs exactly one of coupon, promotion_code or discount.',
      `${at}[coupon]`,
    );
  if (spec.discount) {
    const existing = must(engine.state.discounts, spec.discount, 'discount', `${at}[discount]`);
    if (ctx.customer !== null && idOf(existing.customer) !== ctx.customer)
      throw refuse(`The discount ${existing.id} belongs to another customer.`, `${at}[discount]`);
    if (engine.state.internal.spentDiscounts[existing.id])
      throw refuse(
        `The discount ${existing.id} has been used: its coupon applies once.`,
        `${at}[discount]`,
      );
    const coupon = couponOf(engine, idOf(existing.source.coupon as string)!);
    return { coupon, promotionCode: null, existing };
  }
  let promotionCode: Stripe.PromotionCode | null = null;
  let couponId = spec.coupon!;
  let param = `${at}[coupon]`;
  if (spec.promotion_code) {
    param = `${at}[promotion_code]`;
    promotionCode = getPromotionCode(engine, spec.promotion_code, param);
    checkPromotionCode(engine, promotionCode, ctx, param);
    couponId = promoCoupon(promotionCode);
  }
  const coupon = getCoupon(engine, couponId, param);
  const problem = couponProblem(engine, coupon);
  if (problem)
    throw refuse(
      `The coupon ${coupon.id} ${problem} and cannot be redeemed.`,
      param,
      'coupon_expired',
    );
  if (coupon.amount_off !== null && coupon.currency !== ctx.currency)
    throw refuse(
      `The coupon ${coupon.id} is in ${coupon.currency?.toUpperCase()} and cannot be applied to a ${ctx.currency.toUpperCase()} purchase.`,
      param,
    );
  return { coupon, promotionCode, existing: null };
}

/** Checks every entry of a `discounts[]` parameter as Stripe would, redeeming nothing. */
export function checkDiscounts(
  engine: Engine,
  specs: DiscountSpec[],
  ctx: RedeemContext,
): Resolved[] {
  const seen = new Set<string>();
  return specs.map((spec, i) => {
    const r = resolve(engine, spec, ctx, i);
    if (seen.has(r.coupon.id))
      throw refuse(
        `The coupon ${r.coupon.id} is given twice; each coupon can be applied once.`,
        `${ctx.param}[${i}]`,
      );
    seen.add(r.coupon.id);
    return r;
  });
}

/** Where a redeemed discount lives. */
interface Owner {
  subscription?: string | null;
  checkoutSession?: string | null;
}

/**
 * A discount object for `coupon` as of `start` (not stored): `end` is set for `repeating`
 * coupons, `duration_in_months` after the start.
 */
function buildDiscount(
  coupon: Stripe.Coupon,
  promo: Stripe.PromotionCode | null,
  customer: string | null,
  start: number,
  owner: Owner,
): Stripe.Discount {
  return {
    id: newId('di'),
    object: 'discount',
    checkout_session: owner.checkoutSession ?? null,
    customer,
    customer_account: null,
    end:
      coupon.duration === 'repeating'
        ? addInterval(start, 'month', coupon.duration_in_months ?? 1)
        : null,
    invoice: null,
    invoice_item: null,
    promotion_code: promo?.id ?? null,
    source: { coupon: coupon.id, type: 'coupon' },
    start,
    subscription: owner.subscription ?? null,
    subscription_item: null,
  };
}

/**
 * Redeems checked discounts: stores a discount for each new coupon / promotion code (counting
 * the redemption) and reuses `{discount}` entries. Emits `customer.discount.created`.
 */
export function redeemDiscounts(
  engine: Engine,
  resolved: Resolved[],
  customer: string | null,
  owner: Owner,
): Stripe.Discount[] {
  const now = engine.clock.now();
  return resolved.map((r) => {
    if (r.existing) {
      if (owner.subscription) r.existing.subscription = owner.subscription;
      return r.existing;
    }
    const discount = buildDiscount(r.coupon, r.promotionCode, customer, now, owner);
    engine.state.discounts[discount.id] = discount;
    r.coupon.times_redeemed += 1;
    if (r.promotionCode) r.promotionCode.times_redeemed += 1;
    emit(engine, 'customer.discount.created', discount);
    return discount;
  });
}

/** Unsaved discounts for a preview (nothing redeemed, nothing counted). */
export function previewDiscounts(
  engine: Engine,
  resolved: Resolved[],
  customer: string | null,
): Stripe.Discount[] {
  const now = engine.clock.now();
  return resolved.map(
    (r) => r.existing ?? buildDiscount(r.coupon, r.promotionCode, customer, now, {}),
  );
}

/** Unsaved discounts for coupons (and the promotion codes they came from) a session holds. */
export function draftDiscounts(
  engine: Engine,
  entries: ReadonlyArray<{ coupon: string; promotion_code: string | null }>,
  customer: string | null,
): Stripe.Discount[] {
  const now = engine.clock.now();
  return entries.map((e) =>
    buildDiscount(
      couponOf(engine, e.coupon),
      e.promotion_code ? getPromotionCode(engine, e.promotion_code) : null,
      customer,
      now,
      {},
    ),
  );
}

/** Whether a discount still applies to an invoice made at `at` (`repeating` ends at `end`). */
export const discountActive = (d: Stripe.Discount, at: number): boolean =>
  d.end === null || at < d.end;

/** A subscription's discount objects that apply to an invoice made at `at`. */
export function subscriptionDiscounts(
  engine: Engine,
  sub: Stripe.Subscription,
  at: number,
): Stripe.Discount[] {
  return sub.discounts
    .map((d) => engine.state.discounts[idOf(d as string)!])
    .filter((d): d is Stripe.Discount => d !== undefined && discountActive(d, at));
}

/**
 * After a real invoice: a `once` discount it used is spent, and a `repeating` one past its end is
 * over — both leave the subscription (`customer.discount.deleted`).
 */
export function retireDiscounts(
  engine: Engine,
  sub: Stripe.Subscription,
  at: number,
  used: readonly string[],
): void {
  const keep = sub.discounts.filter((ref) => {
    const d = engine.state.discounts[idOf(ref as string)!];
    if (!d) return false;
    const once = couponOf(engine, idOf(d.source.coupon as string)!).duration === 'once';
    const spent = once && used.includes(d.id);
    if (spent) engine.state.internal.spentDiscounts[d.id] = true;
    const over = spent || !discountActive(d, at);
    if (over) emit(engine, 'customer.discount.deleted', d);
    return !over;
  });
  if (keep.length !== sub.discounts.length) sub.discounts = keep;
}
