import type Stripe from 'stripe';
import type { BillingContext } from '../context';
import { meteredItems, planItem } from '../stripe/plan-item';
import { type PlanChange, scheduleId } from './plan-change';

/** Stripe request options carrying `key:step` as the idempotency key, when a key was given. */
export function keyed(key: string | undefined, step: string): { idempotencyKey?: string } {
  return key ? { idempotencyKey: `${key}:${step}` } : {};
}

/** The subscription's discounts as schedule phases take them (`[{discount: 'di_…'}]`). */
export function carriedDiscounts(subscription: Stripe.Subscription): { discount: string }[] {
  return (subscription.discounts ?? []).map((d) => ({
    discount: typeof d === 'string' ? d : d.id,
  }));
}

/**
 * The schedule behind the subscription: the attached one, or a new one from the subscription
 * (`from_subscription`: one phase, today's items — it changes nothing until phases are set).
 * Stripe previews a period-end change only through a schedule, so `/preview` creates it too.
 */
export async function scheduleFor(
  ctx: BillingContext,
  change: PlanChange,
  idempotencyKey?: string,
): Promise<Stripe.SubscriptionSchedule> {
  const existing = scheduleId(change.subscription);
  return existing
    ? ctx.stripe.subscriptionSchedules.retrieve(existing)
    : ctx.stripe.subscriptionSchedules.create(
        { from_subscription: change.subscription.id },
        keyed(idempotencyKey, 'schedule'),
      );
}

/**
 * The phase the subscription is in, as schedule phases take it: today's items (the plan's with
 * its seats, the metered ones without a quantity) and discounts, until the period ends.
 */
export function currentPhase(
  subscription: Stripe.Subscription,
  schedule: Stripe.SubscriptionSchedule,
) {
  const item = planItem(subscription.items.data)!;
  return {
    items: [
      { price: item.price.id, quantity: item.quantity ?? 1 },
      ...meteredItems(subscription.items.data).map((metered) => ({ price: metered.price.id })),
    ],
    start_date:
      schedule.current_phase?.start_date ??
      schedule.phases[0]?.start_date ??
      item.current_period_start,
    end_date: item.current_period_end,
    proration_behavior: 'none' as const,
    discounts: carriedDiscounts(subscription),
  };
}

/**
 * A change at period end as schedule phases: today's ({@link currentPhase}), then the new items
 * for one interval after it (the target plan's metered prices included: a phase's items are all
 * the subscription has, so a metered item left out would be dropped), then released — with the
 * subscription's discounts carried into both (a phase without discounts starts the subscription
 * with none).
 */
export function periodEndSchedule(change: PlanChange, schedule: Stripe.SubscriptionSchedule) {
  return {
    end_behavior: 'release' as const,
    proration_behavior: 'none' as const,
    phases: [
      currentPhase(change.subscription, schedule),
      {
        items: [
          { price: change.target.price.id, quantity: change.seats },
          ...change.targetMetered.map((price) => ({ price: price.id })),
        ],
        duration: { interval: change.target.interval, interval_count: 1 },
        proration_behavior: 'none' as const,
        discounts: carriedDiscounts(change.subscription),
      },
    ],
  };
}

/**
 * The schedule as `/resume` leaves it: only the current phase, then released — the subscription
 * continues on today's items, which is what Stripe's release of the schedule does.
 */
export function keptSchedule(
  subscription: Stripe.Subscription,
  schedule: Stripe.SubscriptionSchedule,
) {
  return {
    end_behavior: 'release' as const,
    proration_behavior: 'none' as const,
    phases: [currentPhase(subscription, schedule)],
  };
}
