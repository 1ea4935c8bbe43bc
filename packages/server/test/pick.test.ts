import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { pickSubscription } from '../src/sync/pick';
import { subscriptionSnapshot } from '../src/sync/snapshot';

// Plain Stripe-shaped data (as the API returns it), to pin the choice rules without a network.
const sub = (
  id: string,
  status: string,
  created: number,
  price = 'price_known',
): Stripe.Subscription =>
  ({
    id,
    status,
    created,
    items: {
      data: [
        {
          price: { id: price, lookup_key: null },
          current_period_start: created,
          current_period_end: created + 30 * 86_400,
        },
      ],
    },
  }) as unknown as Stripe.Subscription;

const known = (s: Stripe.Subscription) => s.items.data[0]!.price.id === 'price_known';

describe('pickSubscription', () => {
  it('regression: a newer abandoned incomplete subscription does not hide a paying one', () => {
    const chosen = pickSubscription(
      [sub('sub_new', 'incomplete', 200), sub('sub_paying', 'active', 100)],
      known,
    );
    expect(chosen?.id).toBe('sub_paying');
  });
  it('prefers live over lost access over ended, then catalog prices, then the newest', () => {
    expect(pickSubscription([sub('a', 'canceled', 300), sub('b', 'unpaid', 100)], known)?.id).toBe(
      'b',
    );
    expect(
      pickSubscription([sub('a', 'active', 300, 'price_legacy'), sub('b', 'active', 100)], known)
        ?.id,
    ).toBe('b');
    expect(
      pickSubscription([sub('a', 'canceled', 100), sub('b', 'canceled', 300)], known)?.id,
    ).toBe('b');
    expect(pickSubscription([], known)).toBeNull();
  });
});

describe('subscriptionSnapshot', () => {
  it('reads the billing period from the items, not the subscription', () => {
    const s = sub('sub_1', 'active', 1_700_000_000);
    const snap = subscriptionSnapshot(
      {
        ...s,
        cancel_at_period_end: false,
        cancel_at: null,
        canceled_at: null,
        ended_at: null,
        trial_start: null,
        trial_end: null,
        default_payment_method: null,
        pending_update: null,
        schedule: null,
      } as Stripe.Subscription,
      () => ({ plan: 'pro', interval: 'month' }),
      null,
      true,
    );
    expect(snap).toMatchObject({
      plan: 'pro',
      currentPeriodStart: new Date(1_700_000_000_000).toISOString(),
      currentPeriodEnd: new Date((1_700_000_000 + 30 * 86_400) * 1000).toISOString(),
      hasPaymentMethod: true,
    });
  });
});
