import type Stripe from 'stripe';
import { invalidRequest } from '../errors.js';
import { newId, randomToken } from '../ids.js';
import { valuesOf } from '../state.js';
import type { Engine } from './context.js';
import { couponProblem, getCoupon } from './coupons.js';
import { getCustomer } from './customers.js';
import { idOf, mergeMetadata, must } from './util.js';

/** `promotionCodes.create` input. */
export interface PromotionCodeInput {
  coupon: string;
  code?: string;
  active?: boolean;
  customer?: string;
  expires_at?: number;
  max_redemptions?: number;
  metadata?: Record<string, string>;
  restrictions?: {
    first_time_transaction?: boolean;
    minimum_amount?: number;
    minimum_amount_currency?: string;
  };
}

const sameCode = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Creates a promotion code for a coupon, with Stripe's checks. */
export function createPromotionCode(
  engine: Engine,
  input: PromotionCodeInput,
): Stripe.PromotionCode {
  const coupon = getCoupon(engine, input.coupon, 'promotion[coupon]');
  if (couponProblem(engine, coupon))
    throw invalidRequest(
      `Coupon ${coupon.id} ${couponProblem(engine, coupon)}; it cannot get new promotion codes.`,
      'promotion[coupon]',
      'coupon_expired',
    );
  const code = input.code ?? randomToken(8).toUpperCase();
  if (!/^[a-zA-Z0-9-]+$/.test(code))
    throw invalidRequest(
      'Invalid code: use only letters (a-z, A-Z), digits (0-9) and dashes (-).',
      'code',
    );
  const clash = valuesOf(engine.state.promotionCodes).find(
    (p) =>
      p.active && sameCode(p.code, code) && (p.customer === null || input.customer === undefined),
  );
  if (clash)
    throw invalidRequest(
      `An active promotion code with code: ${code} already exists.`,
      'code',
      'resource_already_exists',
    );
  if (input.customer) getCustomer(engine, input.customer, 'customer');
  const r = input.restrictions ?? {};
  if (r.minimum_amount !== undefined && !r.minimum_amount_currency)
    throw invalidRequest(
      'You must pass restrictions[minimum_amount_currency] with restrictions[minimum_amount].',
      'restrictions[minimum_amount_currency]',
      'parameter_missing',
    );
  if (
    input.expires_at !== undefined &&
    coupon.redeem_by !== null &&
    input.expires_at > coupon.redeem_by
  )
    throw invalidRequest(
      "The promotion code's expires_at cannot be after its coupon's redeem_by.",
      'expires_at',
    );
  if (input.expires_at !== undefined && input.expires_at <= engine.clock.now())
    throw invalidRequest('Invalid expires_at: must be in the future.', 'expires_at');
  const promo: Stripe.PromotionCode = {
    id: newId('promo'),
    object: 'promotion_code',
    active: input.active ?? true,
    code,
    created: engine.clock.now(),
    customer: input.customer ?? null,
    customer_account: null,
    expires_at: input.expires_at ?? null,
    livemode: false,
    max_redemptions: input.max_redemptions ?? null,
    metadata: mergeMetadata({}, input.metadata),
    promotion: { coupon: coupon.id, type: 'coupon' },
    restrictions: {
      first_time_transaction: r.first_time_transaction ?? false,
      minimum_amount: r.minimum_amount ?? null,
      minimum_amount_currency: r.minimum_amount_currency?.toLowerCase() ?? null,
    },
    times_redeemed: 0,
  };
  engine.state.promotionCodes[promo.id] = promo;
  return promo;
}

/** The promotion code with `id`, or a 404 naming `param`. */
export function getPromotionCode(engine: Engine, id: string, param = 'id'): Stripe.PromotionCode {
  return must(engine.state.promotionCodes, id, 'promotion code', param);
}

/** `promotionCodes.update`: `active` and `metadata`. */
export function updatePromotionCode(
  engine: Engine,
  id: string,
  input: { active?: boolean; metadata?: Record<string, string> | '' },
): Stripe.PromotionCode {
  const promo = getPromotionCode(engine, id);
  if (input.active !== undefined) promo.active = input.active;
  promo.metadata = mergeMetadata(promo.metadata ?? {}, input.metadata);
  return promo;
}

/** The coupon a promotion code grants. */
export const promoCoupon = (promo: Stripe.PromotionCode): string =>
  idOf(promo.promotion.coupon as string | { id: string })!;
