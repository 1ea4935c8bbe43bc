import type Stripe from 'stripe';
import type { BillingContext } from '../context';
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
 * A change at period end as schedule phases: today's items until the period ends, the new
 * ones for one interval after it (the target plan's metered prices included: a phase's items are
 * all the subscription has, so a metered item left out would be dropped), then released — with the subscription's discounts carried
 * into both (a phase without discounts starts the subscription with none).
 */
export function periodEndSchedule(change: PlanChange, schedule: Stripe.SubscriptionSchedule) {
  const start =
    schedule.current_phase?.start_date ?? schedule.phases[0]?.start_date ?? change.periodStart;
  const discounts = carriedDiscounts(change.subscription);
  return {
    end_behavior: 'release' as const,
    proration_behavior: 'none' as const,
    phases: [
      {
        items: [
          { price: change.item.price.id, quantity: change.currentSeats },
          ...change.metered.map((item) => ({ price: item.price.id })),
        ],
        start_date: start,
        end_date: change.periodEnd,
        proration_behavior: 'none' as const,
        discounts,
      },
      {
        items: [
          { price: change.target.price.id, quantity: change.seats },
          ...change.targetMetered.map((price) => ({ price: price.id })),
        ],
        duration: { interval: change.target.interval, interval_count: 1 },
        proration_behavior: 'none' as const,
        discounts,
      },
    ],
  };
}
