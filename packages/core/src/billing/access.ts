import type { Access } from '../contract/primitives';
import { DAY_MS, parseInstant } from './instant';
import type { ResolvedPolicy } from './policy';
import type { SubscriptionSnapshot } from './snapshot';

/** Statuses after which the subscription is over for good in Stripe: nothing is pending any more. */
export const TERMINAL_STATUSES = new Set(['canceled', 'incomplete_expired']);

/**
 * What the customer may use. `trialing`/`active` are what Stripe calls safe to provision;
 * `past_due` follows the grace policy; everything else has none.
 */
export function deriveAccess(
  subscription: SubscriptionSnapshot,
  now: Date,
  policy: ResolvedPolicy,
): Access {
  switch (subscription.status) {
    case 'trialing':
    case 'active':
      return 'full';
    case 'past_due':
      return pastDueAccess(subscription, now, policy);
    default:
      return 'none';
  }
}

function pastDueAccess(
  subscription: SubscriptionSnapshot,
  now: Date,
  policy: ResolvedPolicy,
): Access {
  const until = pastDueGraceEnd(subscription, policy);
  // Without a readable date the grace cannot be measured: fail closed.
  return until !== null && now.getTime() < until.getTime() ? 'grace' : 'none';
}

/**
 * When a `past_due` subscription's grace ends under `policy` (its period end, or `days` after its
 * period start); null for no grace or an unreadable date.
 */
export function pastDueGraceEnd(
  subscription: SubscriptionSnapshot,
  policy: ResolvedPolicy,
): Date | null {
  const grace = policy.pastDueGrace;
  if (grace === 'none') return null;
  return grace === 'period_end'
    ? parseInstant(subscription.currentPeriodEnd)
    : addDays(parseInstant(subscription.currentPeriodStart), grace.days);
}

function addDays(date: Date | null, days: number): Date | null {
  return date === null ? null : new Date(date.getTime() + days * DAY_MS);
}
