import type { PlansResponse } from '@tollgate/core';
import { type BillingContext, statusOf } from '../context';
import { endpoint, type Handler } from '../http/endpoint';
import { json } from '../http/respond';
import { publicPrice } from '../stripe/public-price';

/** `GET /plans`: the public catalog with live prices; marks the caller's plan when signed in. */
export function createPlansHandler(ctx: BillingContext): Handler {
  return endpoint(ctx, { name: 'GET /plans', method: 'GET', csrf: false }, async (req) => {
    const [resolved, user] = await Promise.all([ctx.prices.all(), ctx.config.getUser(req)]);
    const status = user ? statusOf(ctx, await ctx.store.readUser(user.id)) : null;
    const body: PlansResponse = {
      plans: ctx.config.catalog.plans.map((plan) => ({
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
        prices: resolved
          .filter((r) => r.plan.key === plan.key)
          .map((r) => publicPrice(r.interval, r.price)),
      })),
      current:
        status && ctx.config.catalog.get(status.plan)
          ? {
              plan: status.plan,
              interval: status.interval,
              ...(status.seats && ctx.config.catalog.get(status.plan)?.seats
                ? { seats: status.seats }
                : {}),
            }
          : null,
      trialEligible: status ? status.trialEligible : true,
    };
    return json(body);
  });
}
