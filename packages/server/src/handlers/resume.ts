import { resumeRequestSchema } from '@tollgate/core';
import { NOTHING_TO_RESUME, resumeDrops } from '../billing/resume';
import { type BillingContext, liveSubscriptionForWrite, requireUser, statusOf } from '../context';
import { readJson } from '../http/body';
import { endpoint, type Handler } from '../http/endpoint';
import { json } from '../http/respond';

/**
 * `POST /resume`: undoes a pending cancellation, drops a scheduled change, or both (default).
 * Doing nothing when there is nothing to undo is not an error: the answer is the status.
 * `POST /preview` with `{kind: 'resume'}` shows what the next invoice then bills.
 */
export function createResumeHandler(ctx: BillingContext): Handler {
  return endpoint(ctx, { name: 'POST /resume', method: 'POST', csrf: true }, async (req) => {
    const user = await requireUser(ctx, req);
    const body = await readJson(req, resumeRequestSchema, ctx.config.limits.jsonBytes);
    const { customerId, subscription } = await liveSubscriptionForWrite(
      ctx,
      user.id,
      NOTHING_TO_RESUME,
    );
    const drops = resumeDrops(subscription, body.undo ?? 'all');
    if (drops.schedule) await ctx.stripe.subscriptionSchedules.release(drops.schedule);
    if (drops.cancellation)
      await ctx.stripe.subscriptions.update(subscription.id, drops.cancellation);
    await ctx.sync(customerId);
    return json(statusOf(ctx, await ctx.store.readUser(user.id)));
  });
}
