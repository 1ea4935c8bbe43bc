import { BillingError, type Interval, type Plan } from '@tollgate/core';
import type Stripe from 'stripe';
import type { BillingUser } from '../config';
import { type BillingContext, billingForWrite } from '../context';
import type { ResolvedPrice } from '../stripe/prices';

/** What switching to a plan means for the caller's subscription. */
export interface PlanChange {
  customerId: string;
  subscription: Stripe.Subscription;
  item: Stripe.SubscriptionItem;
  current: { plan: Plan; interval: Interval } | null;
  target: ResolvedPrice;
  kind: 'upgrade' | 'downgrade' | 'interval_change';
  effective: 'now' | 'period_end';
  periodStart: number;
  periodEnd: number;
}

/** The `proration_date` a change uses unless one is given: now, but never before the period began. */
export function defaultProrationDate(now: number, change: PlanChange): number {
  return Math.max(now, change.periodStart);
}

const CHANGEABLE = new Set(['active', 'trialing', 'past_due']);

/**
 * Reads the caller's subscription fresh from Stripe and classifies the change: a higher rank is
 * an upgrade (now), a lower rank a downgrade (at period end); the same plan on another interval
 * is an interval change — month → year now, year → month at period end.
 */
export async function planChange(
  ctx: BillingContext,
  user: BillingUser,
  planKey: string,
  interval: Interval,
): Promise<PlanChange> {
  const target = await ctx.prices.priceFor(planKey, interval);
  const billing = await billingForWrite(ctx, user.id);
  const id = billing.snapshot?.subscription?.id;
  if (!billing.customerId || !id) {
    throw new BillingError(
      'NO_SUBSCRIPTION',
      'You have no subscription to change — choose a plan with checkout first.',
    );
  }
  const subscription = await ctx.stripe.subscriptions.retrieve(id, { expand: ['schedule'] });
  if (!CHANGEABLE.has(subscription.status)) {
    throw new BillingError(
      'NO_SUBSCRIPTION',
      `Your subscription is ${subscription.status} — start a new one with checkout instead.`,
    );
  }
  const item = subscription.items.data[0];
  if (!item) throw new BillingError('NO_SUBSCRIPTION', 'Your subscription has no items to change.');
  const known =
    (await ctx.prices.byPriceId(item.price.id)) ?? ctx.config.catalog.findByPrice(item.price);
  const current = known ? { plan: known.plan, interval: known.interval } : null;
  if (current && current.plan.key === target.plan.key && current.interval === interval) {
    throw new BillingError(
      'PLAN_UNCHANGED',
      `You are already on ${target.plan.name} (${interval}ly) — use resume to drop a scheduled change.`,
    );
  }
  let kind: PlanChange['kind'] = 'upgrade';
  if (current && target.plan.rank < current.plan.rank) kind = 'downgrade';
  else if (current && target.plan.rank === current.plan.rank) kind = 'interval_change';
  const effective =
    kind === 'downgrade' || (kind === 'interval_change' && interval === 'month')
      ? 'period_end'
      : 'now';
  return {
    customerId: billing.customerId,
    subscription,
    item,
    current,
    target,
    kind,
    effective,
    periodStart: item.current_period_start,
    periodEnd: item.current_period_end,
  };
}

/** Adds one billing interval to a unix time (calendar months/years, UTC). */
export function addInterval(seconds: number, interval: Interval): number {
  const date = new Date(seconds * 1000);
  if (interval === 'month') date.setUTCMonth(date.getUTCMonth() + 1);
  else date.setUTCFullYear(date.getUTCFullYear() + 1);
  return Math.floor(date.getTime() / 1000);
}

/** The schedule attached to a subscription, if any (id). */
export function scheduleId(subscription: Stripe.Subscription): string | null {
  const schedule = subscription.schedule;
  if (!schedule) return null;
  return typeof schedule === 'string' ? schedule : schedule.id;
}
