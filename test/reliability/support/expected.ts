import type { NotificationType } from '@tollgate/server';
import type Stripe from 'stripe';

/**
 * The notifier side effects a Stripe event must cause, per the Notifier contract: one hook per
 * event for checkouts (subscription mode), trial ends, failed and action-required payments,
 * paid invoices with money, deleted subscriptions, and updates that changed the price.
 */
export function expectedNotifications(event: Stripe.Event): NotificationType[] {
  const object = event.data.object as unknown as Record<string, unknown>;
  switch (event.type) {
    case 'checkout.session.completed':
      return object.mode === 'subscription' ? ['checkout_completed'] : [];
    case 'customer.subscription.trial_will_end':
      return ['trial_ending'];
    case 'invoice.payment_failed':
      return ['payment_failed'];
    case 'invoice.payment_action_required':
      return ['action_required'];
    case 'invoice.paid':
      return Number(object.amount_paid) > 0 ? ['payment_succeeded'] : [];
    case 'customer.subscription.deleted':
      return ['subscription_canceled'];
    case 'customer.subscription.updated': {
      const previous = event.data.previous_attributes as
        | { items?: { data?: { price?: { id?: string } }[] } }
        | undefined;
      const before = previous?.items?.data?.[0]?.price?.id;
      const after = (object.items as { data: { price: { id: string } }[] }).data[0]?.price.id;
      return before && after && before !== after ? ['plan_changed'] : [];
    }
    default:
      return [];
  }
}

/** Compares fired side effects with the expected ones: how many were lost and doubled. */
export function tallyNotifications(events: readonly Stripe.Event[], fired: Map<string, number>) {
  const expected = new Set<string>();
  for (const event of events) {
    for (const type of expectedNotifications(event)) expected.add(`${event.id} ${type}`);
  }
  let lost = 0;
  let doubled = 0;
  let unexpected = 0;
  const problems: string[] = [];
  for (const key of expected) {
    const n = fired.get(key) ?? 0;
    if (n === 0) {
      lost += 1;
      problems.push(`lost: ${key}`);
    } else if (n > 1) {
      doubled += 1;
      problems.push(`fired ${n}×: ${key}`);
    }
  }
  for (const key of fired.keys()) {
    if (!expected.has(key)) {
      unexpected += 1;
      problems.push(`unexpected: ${key}`);
    }
  }
  return { expected: expected.size, fired: fired.size, lost, doubled, unexpected, problems };
}
