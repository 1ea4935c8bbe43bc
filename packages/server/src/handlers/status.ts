import type { BillingUser } from '../config';
import { type BillingContext, signedIn, userStatus } from '../context';
import { endpoint, type Handler } from '../http/endpoint';
import { jsonText } from '../http/respond';

/**
 * `GET /status`: the caller's billing status from the store alone — no Stripe call. When
 * `getUser` answers at once and the status cache keeps the user's status, the answer is built
 * without waiting on anything (no promise or async frame of our own per request).
 */
export function createStatusHandler(ctx: BillingContext): Handler {
  return endpoint(ctx, { name: 'GET /status', method: 'GET', csrf: false }, (req) => {
    const found = ctx.config.getUser(req);
    if (isThenable(found)) return fromStore(ctx, found);
    const user = signedIn(found);
    const kept = ctx.statusCache?.peek(user.id);
    return kept ? jsonText(kept.body) : fromStore(ctx, user);
  });
}

/** Whether `await` would wait on it (a promise from another library counts too). */
const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as { then?: unknown } | null)?.then === 'function';

async function fromStore(
  ctx: BillingContext,
  found: BillingUser | null | PromiseLike<BillingUser | null>,
): Promise<Response> {
  const user = signedIn(await found);
  return jsonText((await userStatus(ctx, user.id)).body);
}
