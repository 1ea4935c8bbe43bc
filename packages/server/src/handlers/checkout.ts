import {
  BillingError,
  type CheckoutResponse,
  checkoutRequestSchema,
  checkSeats,
  seatBounds,
} from '@tollgate/core';
import type Stripe from 'stripe';
import { meteredPrices } from '../billing/metered-prices';
import { type BillingContext, requireUser } from '../context';
import { readJson } from '../http/body';
import { endpoint, type Handler } from '../http/endpoint';
import { appLink } from '../http/origin';
import { json } from '../http/respond';
import { customerFor } from '../stripe/customer';
import { expireOtherSessions } from '../stripe/expire-sessions';
import { checkedPromotion } from '../stripe/promotion';
import { checkoutTax } from '../stripe/tax';

const LIVE = new Set(['active', 'trialing', 'past_due', 'unpaid', 'paused']);

function withSessionId(url: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}session_id={CHECKOUT_SESSION_ID}`;
}

/** Stripe refuses a promotion code it will not redeem here (first-time only, minimum amount, …). */
function refusedPromotion(error: unknown, code: string): unknown {
  const stripe = error as { type?: string; param?: string; message?: string };
  if (stripe.type !== 'StripeInvalidRequestError' || !stripe.param?.startsWith('discounts'))
    return error;
  return new BillingError(
    'INVALID_PROMOTION_CODE',
    `The promotion code "${code}" cannot be used here: ${stripe.message ?? 'Stripe refused it'} — continue without it, or use another.`,
    { cause: error },
  );
}

/**
 * `POST /checkout`: a Checkout Session for the caller's own customer (created once), with the
 * plan's trial only if this customer never had one; the customer's older open sessions are
 * expired, so two tabs cannot buy two subscriptions. Answers 409 `ALREADY_SUBSCRIBED` when the
 * caller already has a live subscription — switch plans with `/change` instead.
 */
export function createCheckoutHandler(ctx: BillingContext): Handler {
  return endpoint(ctx, { name: 'POST /checkout', method: 'POST', csrf: true }, async (req) => {
    const user = await requireUser(ctx, req);
    const body = await readJson(req, checkoutRequestSchema, ctx.config.limits.jsonBytes);
    const { plan, price } = await ctx.prices.priceFor(body.plan, body.interval);
    const seats = checkSeats(plan, body.seats ?? seatBounds(plan)[0]);
    const options = ctx.config.checkout;
    const code = body.promotionCode ?? options.promotionCode;
    const successUrl = appLink(
      ctx.config.appOrigin,
      body.successPath ?? ctx.config.paths.checkoutSuccess,
    );
    const cancelUrl = appLink(
      ctx.config.appOrigin,
      body.cancelPath ?? ctx.config.paths.checkoutCancel,
    );

    const { customerId: customer, hasHadTrial } = await customerFor(ctx, user);
    const snapshot = await ctx.sync(customer);
    const current = snapshot.subscription;
    if (current && LIVE.has(current.status)) {
      throw new BillingError(
        'ALREADY_SUBSCRIBED',
        `You already have the ${current.plan ?? 'current'} plan — switch plans instead of checking out again.`,
        { details: { action: 'change', plan: current.plan, interval: current.interval } },
      );
    }
    const trial = plan.trialDays > 0 && !snapshot.hasHadTrial && !hasHadTrial;
    const promotion = code ? await checkedPromotion(ctx.stripe, code, plan, price) : null;
    const embedded = body.uiMode === 'embedded';
    const params: Stripe.Checkout.SessionCreateParams = {
      mode: 'subscription',
      customer,
      client_reference_id: user.id,
      // A plan's meters bill through their metered prices: one line each, without a quantity
      // (Stripe refuses one on a metered price — usage sets what it bills).
      line_items: [
        { price: price.id, quantity: seats },
        ...(await meteredPrices(ctx, plan, body.interval)).map((p) => ({ price: p.id })),
      ],
      // Stripe takes one or the other: a code already chosen, or a field on its page.
      ...(promotion
        ? { discounts: [{ promotion_code: promotion.promotionCode.id }] }
        : options.allowPromotionCodes
          ? { allow_promotion_codes: true }
          : {}),
      ...checkoutTax(options),
      metadata: { userId: user.id, plan: plan.key, interval: body.interval },
      subscription_data: {
        metadata: { userId: user.id, plan: plan.key },
        ...(trial ? { trial_period_days: plan.trialDays } : {}),
      },
      payment_method_collection:
        trial && !ctx.config.requirePaymentMethod ? 'if_required' : 'always',
      ui_mode: embedded ? 'embedded_page' : 'hosted_page',
      ...(embedded
        ? { return_url: withSessionId(successUrl) }
        : { success_url: withSessionId(successUrl), cancel_url: cancelUrl }),
    };
    const session = await ctx.stripe.checkout.sessions.create(params).catch((error: unknown) => {
      throw promotion ? refusedPromotion(error, promotion.promotionCode.code) : error;
    });
    // One live subscription per customer: a checkout opened in another tab can no longer be paid.
    await expireOtherSessions(ctx.stripe, customer);
    const response: CheckoutResponse = embedded
      ? { uiMode: 'embedded', clientSecret: session.client_secret ?? '' }
      : { uiMode: 'hosted', url: session.url ?? '' };
    return json(response);
  });
}
