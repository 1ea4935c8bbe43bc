import { resumeRequestSchema } from '@tollgate/core';
import { scheduleId } from '../billing/plan-change';
import { type BillingContext, liveSubscriptionForWrite, requireUser, statusOf } from '../context';
import { readJson } from '../http/body';
import { endpoint, type Handler } from '../http/endpoint';
import { json } from '../http/respond';

/**
 * `POST /resume`: undoes a pending cancellation, drops a scheduled change, or both (default).
 * Doing nothing when there is nothing to undo is not an error: the answer is the status.
 */
export function createResumeHandler(ctx: BillingContext): Handler {
  return endpoint(ctx, { name: 'POST /resume', method: 'POST', csrf: true }, async (req) => {
    const user = await requireUser(ctx, req);
    const body = await readJson(req, resumeRequestSchema, ctx.config.limits.jsonBytes);
    const undo = body.undo ?? 'all';
    const { customerId, subscription } = await liveSubscriptionForWrite(ctx, user.id, {
      none: 'You have no subscription to resume.',
      ended: 'Your subscription has ended — start a new one with checkout.',
    });
    const schedule = scheduleId(subscription);
    if (schedule && undo !== 'cancellation') {
      await ctx.stripe.subscriptionSchedules.release(schedule);
    }
    if (subscription.cancel_at_period_end && undo !== 'scheduled_change') {
      await ctx.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: false });
    }
    await ctx.sync(customerId);
    return json(statusOf(ctx, await ctx.store.readUser(user.id)));
  });
}
