import type Stripe from 'stripe';

/**
 * The phase a schedule moves the subscription to after the current one (its period ends at
 * `periodEnd`), or undefined: a schedule with only today's phase — the one `/preview` attaches
 * to preview a change at period end — changes nothing.
 */
export function nextPhase(
  schedule: Stripe.SubscriptionSchedule,
  periodEnd: number,
): Stripe.SubscriptionSchedule.Phase | undefined {
  const current = schedule.current_phase;
  return schedule.phases.find((phase) =>
    current ? phase.start_date >= current.end_date : phase.start_date >= periodEnd,
  );
}
