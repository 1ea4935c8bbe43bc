import type Stripe from 'stripe';

type Priced = { price?: Stripe.Price | Stripe.DeletedPrice | string | null | undefined };

const metered = (item: Priced): boolean =>
  typeof item.price === 'object' &&
  item.price !== null &&
  'recurring' in item.price &&
  item.price.recurring?.usage_type === 'metered';

/**
 * The item carrying the plan: the first licensed one. A plan with meters has one metered item
 * per meter next to it (they bill usage, not the plan), in any order Stripe returns them.
 */
export function planItem<T extends Priced>(items: readonly T[] | null | undefined): T | undefined {
  return items?.find((item) => !metered(item)) ?? items?.[0];
}

/** The subscription's metered items: one per meter of its plan. */
export function meteredItems<T extends Priced>(items: readonly T[]): T[] {
  return items.filter(metered);
}
