import type { Discount, PlansResponse } from '@tollgate/core';
import { type BillingContext, statusOf } from '../context';
import { endpoint, type Handler } from '../http/endpoint';
import { json } from '../http/respond';
import { offerOf } from '../stripe/discount';
import type { ResolvedPrice } from '../stripe/prices';
import { appliesTo, findPromotion, type Promotion } from '../stripe/promotion';
import { publicPrice } from '../stripe/public-price';

/** How long `/plans` trusts its last look-up of the promotion code on offer. */
const OFFER_TTL_MS = 60_000;

/**
 * The configured promotion code's discount for one plan's prices — when the code is live and
 * its coupon applies to the plan's product. Looked up at most once a minute.
 */
function offerLookup(ctx: BillingContext) {
  const code = ctx.config.checkout.promotionCode;
  let cached: { at: number; value: Promise<Promotion | null> } | null = null;
  return async () => {
    if (!code) return () => null;
    if (!cached || Date.now() - cached.at > OFFER_TTL_MS) {
      const entry = { at: Date.now(), value: findPromotion(ctx.stripe, code) };
      entry.value.catch(() => {
        if (cached === entry) cached = null;
      });
      cached = entry;
    }
    return offerFor(await cached.value);
  };
}

function offerFor(found: Promotion | null) {
  return (prices: readonly ResolvedPrice[]): Discount | null =>
    found &&
    prices.length &&
    prices.every((r) => appliesTo(found.coupon, r.price.product as string))
      ? offerOf(found.coupon, found.promotionCode.code)
      : null;
}

/** `GET /plans`: the public catalog with live prices; marks the caller's plan when signed in. */
export function createPlansHandler(ctx: BillingContext): Handler {
  const offers = offerLookup(ctx);
  return endpoint(ctx, { name: 'GET /plans', method: 'GET', csrf: false }, async (req) => {
    const [resolved, user, offerFor] = await Promise.all([
      ctx.prices.all(),
      ctx.config.getUser(req),
      offers(),
    ]);
    const status = user ? statusOf(ctx, await ctx.store.readUser(user.id)) : null;
    const body: PlansResponse = {
      plans: ctx.config.catalog.plans.map((plan) => {
        const prices = resolved.filter((r) => r.plan.key === plan.key);
        const discount = offerFor(prices);
        return {
          key: plan.key,
          name: plan.name,
          description: plan.description,
          features: plan.features,
          entitlements: plan.entitlements,
          rank: plan.rank,
          free: plan.free,
          trialDays: plan.trialDays,
          recommended: plan.recommended,
          ...(plan.seats
            ? { seats: { min: plan.seats.min, max: plan.seats.max, included: plan.seats.included } }
            : {}),
          prices: prices.map((r) => publicPrice(r.interval, r.price)),
          ...(discount ? { discount } : {}),
        };
      }),
      current:
        status && ctx.config.catalog.get(status.plan)
          ? {
              plan: status.plan,
              interval: status.interval,
              ...(status.seats && ctx.config.catalog.get(status.plan)?.seats
                ? { seats: status.seats }
                : {}),
              ...(status.discount ? { discount: status.discount } : {}),
            }
          : null,
      trialEligible: status ? status.trialEligible : true,
    };
    return json(body);
  });
}
