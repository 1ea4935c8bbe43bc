import type Stripe from 'stripe';

const WEIGHT: Record<Stripe.Subscription.Status, number> = {
  active: 3,
  trialing: 3,
  past_due: 3,
  unpaid: 2,
  paused: 2,
  incomplete: 2,
  canceled: 1,
  incomplete_expired: 0,
};

/**
 * The subscription that decides a customer's billing state: a live one (active, trialing,
 * past_due) before one that lost access, before one that ended; among equals, one whose price is
 * in the catalog, then the most recently created. Never simply the newest: an abandoned
 * `incomplete` checkout must not hide a paying subscription.
 */
export function pickSubscription(
  subscriptions: readonly Stripe.Subscription[],
  inCatalog: (subscription: Stripe.Subscription) => boolean,
): Stripe.Subscription | null {
  let best: Stripe.Subscription | null = null;
  let bestScore = -1;
  for (const subscription of subscriptions) {
    const score =
      (WEIGHT[subscription.status] ?? 0) * 2 * 1e11 +
      (inCatalog(subscription) ? 1e11 : 0) +
      subscription.created;
    if (score > bestScore) {
      best = subscription;
      bestScore = score;
    }
  }
  return best;
}
