import type Stripe from 'stripe';
import { invalidRequest } from '../errors.js';
import { newId } from '../ids.js';
import { getPrice } from './catalog.js';
import type { Engine } from './context.js';
import { addInterval } from './util.js';

/** The legacy `plan` view of a recurring price (still required on subscription items). */
export function planOf(price: Stripe.Price): Stripe.Plan {
  const recurring = price.recurring!;
  return {
    id: price.id,
    object: 'plan',
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: price.billing_scheme,
    created: price.created,
    currency: price.currency,
    interval: recurring.interval,
    interval_count: recurring.interval_count,
    livemode: false,
    metadata: price.metadata,
    meter: recurring.meter ?? null,
    nickname: price.nickname,
    product: price.product as string,
    tiers_mode: price.tiers_mode,
    transform_usage: price.transform_quantity,
    trial_period_days: recurring.trial_period_days,
    usage_type: recurring.usage_type,
  } satisfies Stripe.Plan;
}

/** A recurring price or a 400 saying why it cannot be subscribed to. */
export function recurringPrice(engine: Engine, id: string, param: string): Stripe.Price {
  const price = getPrice(engine, id, param);
  if (!price.recurring) {
    throw invalidRequest(
      `The price specified is set to \`type=one_time\` but this field only accepts prices with \`type=recurring\`.`,
      param,
    );
  }
  if (!price.active)
    throw invalidRequest(
      `The price specified is inactive. This field only accepts active prices.`,
      param,
    );
  return price;
}

/** Builds a subscription item for `price` with the given period. */
export function buildItem(
  engine: Engine,
  subscriptionId: string,
  price: Stripe.Price,
  quantity: number,
  period: { start: number; end: number },
  metadata: Stripe.Metadata = {},
): Stripe.SubscriptionItem {
  const metered = price.recurring?.usage_type === 'metered';
  return {
    id: newId('si'),
    object: 'subscription_item',
    billing_thresholds: null,
    created: engine.clock.now(),
    current_period_end: period.end,
    current_period_start: period.start,
    current_trial: null,
    discounts: [],
    metadata,
    plan: planOf(price),
    price,
    ...(metered ? {} : { quantity }),
    subscription: subscriptionId,
    tax_rates: [],
  } satisfies Stripe.SubscriptionItem;
}

/** The period that starts at `start` for a price's interval. */
export function periodFrom(
  price: Stripe.Price,
  start: number,
  anchor = start,
): { start: number; end: number } {
  const r = price.recurring!;
  return { start, end: addInterval(start, r.interval, r.interval_count, anchor) };
}

/** Whether two prices bill on a different interval (which resets the cycle). */
export function intervalDiffers(a: Stripe.Price, b: Stripe.Price): boolean {
  return (
    a.recurring?.interval !== b.recurring?.interval ||
    a.recurring?.interval_count !== b.recurring?.interval_count
  );
}

/** The current period of a subscription (its first item's). */
export function currentPeriod(sub: Stripe.Subscription): { start: number; end: number } {
  const item = sub.items.data[0]!;
  return { start: item.current_period_start, end: item.current_period_end };
}

/** Product name for line descriptions. */
export function productName(engine: Engine, price: Stripe.Price): string {
  const id = typeof price.product === 'string' ? price.product : price.product.id;
  return engine.state.products[id]?.name ?? id;
}

/** Amount in words like Stripe's line descriptions: `$10.00`. */
export function money(amount: number, currency: string): string {
  const value = (amount / 100).toFixed(2);
  return currency === 'usd' ? `$${value}` : `${value} ${currency.toUpperCase()}`;
}
