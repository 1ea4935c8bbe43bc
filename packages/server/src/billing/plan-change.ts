import { BillingError, checkSeats, type Interval, type Plan, seatBounds } from '@tollgate/core';
import type Stripe from 'stripe';
import { type BillingContext, billingForWrite } from '../context';
import { meteredItems, planItem } from '../stripe/plan-item';
import type { ResolvedPrice } from '../stripe/prices';
import { meteredPrices } from './metered-prices';

/** What switching to a plan means for the caller's subscription. */
export interface PlanChange {
  customerId: string;
  subscription: Stripe.Subscription;
  /** The plan's (licensed) item. */
  item: Stripe.SubscriptionItem;
  /** The metered items today, and the metered prices of the target plan on its interval. */
  metered: Stripe.SubscriptionItem[];
  targetMetered: Stripe.Price[];
  current: { plan: Plan; interval: Interval } | null;
  target: ResolvedPrice;
  /** Seats now and after the change (1 on plans not sold per seat). */
  currentSeats: number;
  seats: number;
  kind: 'upgrade' | 'downgrade' | 'interval_change' | 'seats';
  effective: 'now' | 'period_end';
  periodStart: number;
  periodEnd: number;
}

/** The `proration_date` a change uses unless one is given: now, but never before the period began. */
export function defaultProrationDate(now: number, change: PlanChange): number {
  return Math.max(now, change.periodStart);
}

const CHANGEABLE = new Set(['active', 'trialing', 'past_due']);

/** What the caller asks to change to. */
export interface ChangeTarget {
  plan: string;
  interval: Interval;
  /** Seats on a per-seat plan; default: the seats they have, within the plan's bounds. */
  seats?: number | undefined;
}

/** The seats a change keeps when none are asked for: today's count, within the target's bounds. */
function keptSeats(plan: Plan, current: number): number {
  const [min, max] = seatBounds(plan);
  return Math.min(max, Math.max(min, current));
}

/**
 * Reads the caller's subscription fresh from Stripe and classifies the change: a higher rank is
 * an upgrade (now), a lower rank a downgrade (at period end); the same plan on another interval
 * is an interval change — month → year now, year → month at period end; the same plan and
 * interval with other seats is a seat change — more now, fewer at period end.
 */
export async function planChange(
  ctx: BillingContext,
  userId: string,
  { plan: planKey, interval, seats: asked }: ChangeTarget,
): Promise<PlanChange> {
  const target = await ctx.prices.priceFor(planKey, interval);
  if (asked !== undefined) checkSeats(target.plan, asked);
  const billing = await billingForWrite(ctx, userId);
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
  const item = planItem(subscription.items.data);
  if (!item) throw new BillingError('NO_SUBSCRIPTION', 'Your subscription has no items to change.');
  const current = await catalogPlanOf(ctx, item.price);
  const currentSeats = item.quantity ?? 1;
  const seats = asked ?? keptSeats(target.plan, currentSeats);
  const samePlan = current?.plan.key === target.plan.key && current.interval === interval;
  if (samePlan && seats === currentSeats) {
    throw new BillingError(
      'PLAN_UNCHANGED',
      `You are already on ${target.plan.name} (${interval}ly${target.plan.seats ? `, ${seats} seats` : ''}) — use resume to drop a scheduled change.`,
    );
  }
  let kind: PlanChange['kind'] = 'upgrade';
  if (samePlan) kind = 'seats';
  else if (current && target.plan.rank < current.plan.rank) kind = 'downgrade';
  else if (current && target.plan.rank === current.plan.rank) kind = 'interval_change';
  const effective =
    kind === 'downgrade' ||
    (kind === 'interval_change' && interval === 'month') ||
    (kind === 'seats' && seats < currentSeats)
      ? 'period_end'
      : 'now';
  // Stripe carries a change at period end on a schedule, and a schedule-managed subscription
  // cannot be cancelling (Stripe answers "no upcoming invoice" to its preview). A cancellation
  // dated in the Dashboard (`cancel_at`) by the period end ends it before the change would apply.
  const endsAt = endsBy(subscription, item.current_period_end);
  if (effective === 'period_end' && endsAt !== null) {
    throw new BillingError(
      'PLAN_UNCHANGED',
      `Your subscription ends on ${new Date(endsAt * 1000).toISOString().slice(0, 10)} — resume it first, then schedule this change for the end of the period.`,
    );
  }
  return {
    customerId: billing.customerId,
    subscription,
    item,
    metered: meteredItems(subscription.items.data),
    targetMetered: await meteredPrices(ctx, target.plan, interval),
    current,
    target,
    currentSeats,
    seats,
    kind,
    effective,
    periodStart: item.current_period_start,
    periodEnd: item.current_period_end,
  };
}

/**
 * When a pending cancellation ends the subscription by `periodEnd` (seconds): at the period end
 * (`cancel_at_period_end`), on a date set in the Dashboard or by the API (`cancel_at`), or null.
 */
function endsBy(subscription: Stripe.Subscription, periodEnd: number): number | null {
  const at = subscription.cancel_at_period_end ? periodEnd : subscription.cancel_at;
  return at !== null && at <= periodEnd ? at : null;
}

/** The catalog plan and interval of a subscription's price, or null when it is not the catalog's. */
export async function catalogPlanOf(
  ctx: BillingContext,
  price: Stripe.Price,
): Promise<{ plan: Plan; interval: Interval } | null> {
  const known = (await ctx.prices.byPriceId(price.id)) ?? ctx.config.catalog.findByPrice(price);
  return known ? { plan: known.plan, interval: known.interval } : null;
}

/** The schedule attached to a subscription, if any (id). */
export function scheduleId(subscription: Stripe.Subscription): string | null {
  const schedule = subscription.schedule;
  if (!schedule) return null;
  return typeof schedule === 'string' ? schedule : schedule.id;
}
