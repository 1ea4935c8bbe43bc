import type { Interval, Plan } from '@tollgate/core';
import type Stripe from 'stripe';
import type { BillingContext } from '../context';

/**
 * The metered Stripe prices a plan's meters name, for a subscription on `interval`, from the
 * catalog's cached prices (`ctx.prices`, read with the plans' own). Stripe bills every item of a
 * subscription on one interval, so a metered price on another interval is left off — and logged,
 * as is a meter price Stripe does not have: usage of that meter is then not invoiced.
 */
export async function meteredPrices(
  ctx: BillingContext,
  plan: Plan,
  interval: Interval,
): Promise<Stripe.Price[]> {
  const refs = Object.values(plan.meters).flatMap((m) => (m.price ? [m.price] : []));
  const found = await Promise.all(refs.map((ref) => ctx.prices.meterPrice(ref)));
  const usable: Stripe.Price[] = [];
  for (const [i, ref] of refs.entries()) {
    const name = 'lookupKey' in ref ? ref.lookupKey : ref.priceId;
    const price = found[i];
    const problem = !price
      ? 'Stripe has no active price with this lookup key or id'
      : price.recurring?.usage_type !== 'metered'
        ? 'the price is not metered (recurring.usage_type must be "metered")'
        : price.recurring.interval !== interval
          ? `the price bills per ${price.recurring.interval}, the plan per ${interval} (Stripe bills a subscription's items on one interval)`
          : null;
    if (problem || !price) {
      ctx.config.logger.warn('a plan meter price is not attached to the subscription', {
        plan: plan.key,
        price: name,
        reason: problem,
      });
      continue;
    }
    if (!usable.some((p) => p.id === price.id)) usable.push(price);
  }
  return usable;
}

/**
 * The subscription's `items[]` as a change leaves them: the plan item on the target price and
 * seats, and exactly the target plan's metered prices — for the update and its preview alike.
 */
export function itemsAfter(
  change: MeteredSwap & {
    item: Stripe.SubscriptionItem;
    target: { price: Stripe.Price };
    seats: number;
  },
) {
  return [
    { id: change.item.id, price: change.target.price.id, quantity: change.seats },
    ...meteredItemChanges(change),
  ];
}

/** What a change's metered items must become, for `items[]` of an update or a preview. */
export interface MeteredSwap {
  metered: Stripe.SubscriptionItem[];
  targetMetered: Stripe.Price[];
}

/**
 * `items[]` entries that leave exactly the target plan's metered prices on the subscription:
 * each missing one added (no quantity: Stripe takes none for metered prices), each one the
 * target plan lacks deleted; the ones both plans share stay, with their usage.
 */
export function meteredItemChanges(
  change: MeteredSwap,
): Array<{ id: string; deleted: true } | { price: string }> {
  const wanted = new Set(change.targetMetered.map((p) => p.id));
  const have = new Set(change.metered.map((i) => i.price.id));
  return [
    ...change.metered
      .filter((i) => !wanted.has(i.price.id))
      .map((i) => ({ id: i.id, deleted: true as const })),
    ...change.targetMetered.filter((p) => !have.has(p.id)).map((p) => ({ price: p.id })),
  ];
}
