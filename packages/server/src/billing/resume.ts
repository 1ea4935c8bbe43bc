import { BillingError, type ResumePreview, type ResumeUndo } from '@tollgate/core';
import type Stripe from 'stripe';
import { type BillingContext, liveSubscriptionForWrite } from '../context';
import { nextPhase } from '../stripe/next-phase';
import { planItem } from '../stripe/plan-item';
import { invoiceParts, iso, PREVIEW_EXPAND } from './invoice-preview';
import { catalogPlanOf, scheduleId } from './plan-change';
import { keptSchedule } from './schedule';

/** Why there is no subscription to resume (or preview resuming). */
export const NOTHING_TO_RESUME = {
  none: 'You have no subscription to resume.',
  ended: 'Your subscription has ended — start a new one with checkout.',
};

/**
 * What `/resume` drops for `undo`: the schedule holding a change (its id), and the pending
 * cancellation as the update and the preview that drop it take it — `cancel_at_period_end`
 * cleared, or a dated `cancel_at` (set in the Dashboard or by the API) unset.
 */
export interface ResumeDrops {
  schedule: string | null;
  cancellation: { cancel_at_period_end: false } | { cancel_at: '' } | null;
}

/** What resuming with `undo` drops from this subscription (nothing to drop: both null). */
export function resumeDrops(subscription: Stripe.Subscription, undo: ResumeUndo): ResumeDrops {
  return {
    schedule: undo === 'cancellation' ? null : scheduleId(subscription),
    cancellation: undo === 'scheduled_change' ? null : cancellationOf(subscription),
  };
}

/** The update that drops a subscription's pending cancellation, or null when there is none. */
function cancellationOf(subscription: Stripe.Subscription): ResumeDrops['cancellation'] {
  if (subscription.cancel_at_period_end) return { cancel_at_period_end: false };
  return subscription.cancel_at !== null ? { cancel_at: '' } : null;
}

/**
 * Stripe's preview of the invoice the subscription bills at period end once `/resume` dropped
 * `undo`: the schedule with only its current phase, released (`schedule_details`), or the
 * subscription no longer cancelling (`subscription_details` with the update's drop). Stripe
 * refuses to cancel a subscription a schedule manages, so at most one of them is pending.
 */
export async function previewResume(
  ctx: BillingContext,
  userId: string,
  undo: ResumeUndo,
): Promise<ResumePreview> {
  const { customerId, subscription } = await liveSubscriptionForWrite(
    ctx,
    userId,
    NOTHING_TO_RESUME,
  );
  const drops = resumeDrops(subscription, undo);
  const item = planItem(subscription.items.data)!;
  const schedule = drops.schedule
    ? await ctx.stripe.subscriptionSchedules.retrieve(drops.schedule)
    : null;
  // A schedule with only today's phase (one a change's preview attached) is nothing to resume,
  // but released all the same by /resume: the preview goes through it whenever one is attached.
  const changing = schedule !== null && nextPhase(schedule, item.current_period_end) !== undefined;
  if (!changing && !drops.cancellation) {
    throw new BillingError(
      'PLAN_UNCHANGED',
      `Nothing to resume: your subscription has no ${undo === 'cancellation' ? 'pending cancellation' : undo === 'scheduled_change' ? 'scheduled change' : 'scheduled change or pending cancellation'} — it renews as it is.`,
    );
  }
  const current = await catalogPlanOf(ctx, item.price);
  if (!current) {
    throw new BillingError(
      'UNKNOWN_PLAN',
      `Your subscription's price ${item.price.id} is not in the plan catalog — add it to definePlans() to preview resuming it.`,
    );
  }
  const invoice = schedule
    ? await ctx.stripe.invoices.createPreview({
        customer: customerId,
        schedule: schedule.id,
        schedule_details: keptSchedule(subscription, schedule),
        expand: PREVIEW_EXPAND,
      })
    : await ctx.stripe.invoices.createPreview({
        customer: customerId,
        subscription: subscription.id,
        subscription_details: drops.cancellation ?? {},
        expand: PREVIEW_EXPAND,
      });
  return {
    kind: 'resume',
    undo,
    plan: current.plan.key,
    interval: current.interval,
    seats: item.quantity ?? 1,
    ...(await invoiceParts(ctx, invoice)),
    amountDue: 0,
    nextBillDate: iso(item.current_period_end),
    nextBillAmount: invoice.amount_due,
  };
}
