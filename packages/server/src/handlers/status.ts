import { type BillingContext, requireUser, userStatus } from '../context';
import { endpoint, type Handler } from '../http/endpoint';
import { jsonText } from '../http/respond';

/** `GET /status`: the caller's billing status from the store alone — no Stripe call. */
export function createStatusHandler(ctx: BillingContext): Handler {
  return endpoint(ctx, { name: 'GET /status', method: 'GET', csrf: false }, async (req) => {
    const user = await requireUser(ctx, req);
    return jsonText((await userStatus(ctx, user.id)).body);
  });
}
