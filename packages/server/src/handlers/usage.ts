import { type BillingContext, requireUser } from '../context';
import { endpoint, type Handler } from '../http/endpoint';
import { json } from '../http/respond';
import { usageReport } from '../usage/report';
import type { UsageRuntime } from '../usage/runtime';

/**
 * `GET /usage`: the caller's metered usage this period, per meter of their plan — delivered
 * (Stripe's meter event summaries, cached in the store) plus pending (the outbox), with the
 * plan's included amount, the metered price and the estimated charge.
 */
export function createUsageHandler(ctx: BillingContext, usage: UsageRuntime): Handler {
  return endpoint(ctx, { name: 'GET /usage', method: 'GET', csrf: false }, async (req) => {
    const user = await requireUser(ctx, req);
    return json(await usageReport(ctx, usage, user.id));
  });
}
