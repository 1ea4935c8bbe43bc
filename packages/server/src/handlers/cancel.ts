import { scheduleId } from '../billing/plan-change';
import { type BillingContext, liveSubscriptionForWrite, requireUser, statusOf } from '../context';
import { readJson } from '../http/body';
import { endpoint, type Handler } from '../http/endpoint';
import { json } from '../http/respond';
import { emptyBodySchema } from './empty-body';

/**
 * `POST /cancel`: cancels at period end (access continues until then). A scheduled downgrade is
 * dropped first — Stripe does not let a schedule-managed subscription set `cancel_at_period_end`.
 */
export function createCancelHandler(ctx: BillingContext): Handler {
  return endpoint(ctx, { name: 'POST /cancel', method: 'POST', csrf: true }, async (req) => {
    const user = await requireUser(ctx, req);
    await readJson(req, emptyBodySchema, ctx.config.limits.jsonBytes);
    const { customerId, subscription } = await liveSubscriptionForWrite(ctx, user.id, {
      none: 'You have no subscription to cancel.',
      ended: 'Your subscription has already ended.',
    });
    if (!subscription.cancel_at_period_end) {
      const schedule = scheduleId(subscription);
      if (schedule) await ctx.stripe.subscriptionSchedules.release(schedule);
      await ctx.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    }
    await ctx.sync(customerId);
    return json(statusOf(ctx, await ctx.store.readUser(user.id)));
  });
}
