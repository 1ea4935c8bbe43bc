import { type BillingContext, requireUser, statusOf } from '../context';
import { endpoint, type Handler } from '../http/endpoint';
import { json } from '../http/respond';

/** `GET /status`: the caller's billing status from the store alone — no Stripe call. */
export function createStatusHandler(ctx: BillingContext): Handler {
  return endpoint(ctx, { name: 'GET /status', method: 'GET', csrf: false }, async (req) => {
    const user = await requireUser(ctx, req);
    return json(statusOf(ctx, await ctx.store.readUser(user.id)));
  });
}
