import { type ChangeResponse, changeRequestSchema } from '@tollgate/core';
import { applyAtPeriodEnd, applyNow } from '../billing/apply-change';
import { planChange } from '../billing/plan-change';
import { type BillingContext, requireUser, statusOf } from '../context';
import { readJson } from '../http/body';
import { endpoint, type Handler } from '../http/endpoint';
import { json } from '../http/respond';

/**
 * `POST /change`: upgrades (and month → year) apply now and bill the previewed amount;
 * downgrades (and year → month) are scheduled for period end. Answers the new status, or
 * `requires_action` with a client secret when the payment needs 3-D Secure.
 */
export function createChangeHandler(ctx: BillingContext): Handler {
  return endpoint(ctx, { name: 'POST /change', method: 'POST', csrf: true }, async (req) => {
    const user = await requireUser(ctx, req);
    const body = await readJson(req, changeRequestSchema, ctx.config.limits.jsonBytes);
    const change = await planChange(ctx, user.id, body);
    if (change.effective === 'now') {
      const unpaid = await applyNow(ctx, change, body.prorationDate);
      await ctx.sync(change.customerId);
      if (unpaid) return json(unpaid);
    } else {
      await applyAtPeriodEnd(ctx, change);
      await ctx.sync(change.customerId);
    }
    const response: ChangeResponse = {
      outcome: change.effective === 'now' ? 'applied' : 'scheduled',
      status: statusOf(ctx, await ctx.store.readUser(user.id)),
    };
    return json(response);
  });
}
