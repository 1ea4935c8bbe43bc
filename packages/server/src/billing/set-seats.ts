import type { ChangeResponse } from '@tollgate/core';
import { BillingError } from '@tollgate/core';
import { type BillingContext, statusOf } from '../context';
import { applyAtPeriodEnd, applyNow } from './apply-change';
import { planChange } from './plan-change';
import { keyed } from './schedule';

/**
 * Sets a user's seats from the app's own truth (e.g. the members of their organisation): more
 * seats apply now, billed with proration like an upgrade (`requires_action` when the bank asks
 * the customer for 3-D Secure); fewer seats are scheduled for the period end (refused while the
 * subscription is set to end there: Stripe cannot schedule a cancelling one). The same count
 * again changes nothing. `idempotencyKey` makes a retried call do the Stripe writes once.
 */
export async function setSeats(
  ctx: BillingContext,
  userId: string,
  seats: number,
  idempotencyKey: string,
): Promise<ChangeResponse> {
  if (!idempotencyKey) {
    throw new BillingError(
      'INVALID_REQUEST',
      'setSeats needs an idempotency key — e.g. "seats:<org id>:<membership version>".',
    );
  }
  const billing = await ctx.store.readUser(userId);
  const stored = billing.snapshot?.subscription;
  const status = statusOf(ctx, billing);
  if (!stored || status.interval === null) {
    throw new BillingError('NO_SUBSCRIPTION', 'This user has no subscription to set seats on.');
  }
  if (status.seats === seats && !status.pendingChange) return { outcome: 'applied', status };
  const change = await planChange(ctx, userId, {
    plan: status.plan,
    interval: status.interval,
    seats,
  }).catch((error: unknown) => {
    // The count they have now (only a scheduled change differs). PLAN_UNCHANGED also refuses
    // fewer seats on a subscription set to end: that refusal is the caller's to see.
    if (error instanceof BillingError && error.code === 'PLAN_UNCHANGED' && status.seats === seats)
      return null;
    throw error;
  });
  if (!change) {
    // The count they have now: a decrease scheduled before is dropped.
    const scheduled = stored.scheduledChange;
    if (scheduled && status.pendingChange?.source === 'schedule') {
      await ctx.stripe.subscriptionSchedules.release(
        scheduled.scheduleId,
        {},
        keyed(idempotencyKey, 'release'),
      );
      await ctx.sync(billing.customerId!);
    }
  } else if (change.effective === 'now') {
    const unpaid = await applyNow(ctx, change, undefined, idempotencyKey);
    await ctx.sync(change.customerId);
    if (unpaid) return unpaid;
  } else {
    await applyAtPeriodEnd(ctx, change, idempotencyKey);
    await ctx.sync(change.customerId);
  }
  return {
    outcome: change?.effective === 'period_end' ? 'scheduled' : 'applied',
    status: statusOf(ctx, await ctx.store.readUser(userId)),
  };
}
