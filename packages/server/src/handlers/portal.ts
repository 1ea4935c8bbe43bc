import { BillingError, portalRequestSchema } from '@tollgate/core';
import type Stripe from 'stripe';
import { type BillingContext, requireUser } from '../context';
import { readJson } from '../http/body';
import { endpoint, type Handler } from '../http/endpoint';
import { appLink } from '../http/origin';
import { json } from '../http/respond';

/** `POST /portal`: a Customer Portal session for the caller's own customer, optionally deep-linked. */
export function createPortalHandler(ctx: BillingContext): Handler {
  return endpoint(ctx, { name: 'POST /portal', method: 'POST', csrf: true }, async (req) => {
    const user = await requireUser(ctx, req);
    const body = await readJson(req, portalRequestSchema, ctx.config.limits.jsonBytes);
    const returnUrl = appLink(
      ctx.config.appOrigin,
      body.returnPath ?? ctx.config.paths.portalReturn,
    );
    const billing = await ctx.store.readUser(user.id);
    if (!billing.customerId) {
      throw new BillingError(
        'NO_SUBSCRIPTION',
        'There is no billing account yet — choose a plan first.',
      );
    }
    const subscriptionId = billing.snapshot?.subscription?.id;
    let flow: Stripe.BillingPortal.SessionCreateParams.FlowData | undefined;
    if (body.flow === 'payment_method_update') flow = { type: 'payment_method_update' };
    else if (body.flow) {
      if (!subscriptionId) {
        throw new BillingError(
          'NO_SUBSCRIPTION',
          `"${body.flow}" needs a subscription — choose a plan first.`,
        );
      }
      flow =
        body.flow === 'subscription_cancel'
          ? { type: 'subscription_cancel', subscription_cancel: { subscription: subscriptionId } }
          : { type: 'subscription_update', subscription_update: { subscription: subscriptionId } };
    }
    const session = await ctx.stripe.billingPortal.sessions.create({
      customer: billing.customerId,
      return_url: returnUrl,
      ...(flow ? { flow_data: flow } : {}),
    });
    return json({ url: session.url });
  });
}
