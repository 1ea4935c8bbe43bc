import type Stripe from 'stripe';
import { valuesOf } from '../state.js';
import type { Engine } from './context.js';
import { netAmounts } from './discount-amounts.js';
import type { LineInput } from './invoice-build.js';
import { money, productName } from './items.js';
import { priceAmount } from './pricing.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `01 Sep 2020`, as Stripe writes dates in proration descriptions. */
function lineDate(at: number): string {
  const d = new Date(at * 1000);
  return `${String(d.getUTCDate()).padStart(2, '0')} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** The unused fraction of a period at `at` (per second, flexible billing mode). */
export function unusedFraction(period: { start: number; end: number }, at: number): number {
  const length = period.end - period.start;
  if (length <= 0) return 0;
  return Math.min(Math.max((period.end - at) / length, 0), 1);
}

/** What an item costs for a full period (metered items bill usage, not here). */
export const itemAmount = (engine: Engine, item: Stripe.SubscriptionItem): number =>
  item.price.recurring?.usage_type === 'metered'
    ? 0
    : priceAmount(engine, item.price, item.quantity ?? 1);

/**
 * What each item comes to for a full period after `discounts` (its share when they are split
 * over all `items`, as a cycle invoice would), by item id.
 */
export function netItemAmounts(
  engine: Engine,
  items: readonly Stripe.SubscriptionItem[],
  discounts: readonly Stripe.Discount[],
): Map<string, number> {
  const gross = items.map((i) => ({
    amount: itemAmount(engine, i),
    product: typeof i.price.product === 'string' ? i.price.product : i.price.product.id,
    discountable: true,
    proration: false,
  }));
  const net = discounts.length
    ? netAmounts(engine, gross, discounts, items[0]?.price.currency ?? 'usd')
    : gross.map((g) => g.amount);
  return new Map(items.map((i, k) => [i.id, net[k]!]));
}

/**
 * What the customer was actually charged for `item`'s current period, net of discounts, when an
 * invoice billed it whole at its present price and quantity (flexible billing mode credits that).
 */
export function billedNet(engine: Engine, item: Stripe.SubscriptionItem): number | undefined {
  const invoices = valuesOf(engine.state.invoices);
  for (let k = invoices.length - 1; k >= 0; k--) {
    const invoice = invoices[k]!;
    if (invoice.status === 'void' || invoice.status === 'draft') continue;
    const line = invoice.lines.data.find(
      (l) =>
        l.parent?.subscription_item_details?.subscription_item === item.id &&
        !l.parent.subscription_item_details.proration &&
        l.period.end === item.current_period_end &&
        l.pricing?.price_details?.price === item.price.id &&
        l.quantity === (item.quantity ?? 1),
    );
    if (line) return line.amount - (line.discount_amounts ?? []).reduce((s, d) => s + d.amount, 0);
  }
  return undefined;
}

/**
 * A credit line for the unused time of `item` after `at` (each line rounded on its own), of
 * `full` (what the period came to) or the item's price.
 */
export function creditLine(
  engine: Engine,
  item: Stripe.SubscriptionItem,
  at: number,
  fraction: number,
  full = itemAmount(engine, item),
): LineInput {
  return {
    amount: -Math.round(full * fraction) || 0,
    description: `Unused time on ${productName(engine, item.price)} after ${lineDate(at)}`,
    period: { start: at, end: item.current_period_end },
    price: item.price,
    currency: item.price.currency,
    quantity: item.quantity ?? 1,
    proration: true,
    subscriptionItem: item.id,
  };
}

/** A charge line for the remaining time of `item` after `at`, of `full` or the item's price. */
export function chargeLine(
  engine: Engine,
  item: Stripe.SubscriptionItem,
  at: number,
  fraction: number,
  periodEnd: number,
  full = itemAmount(engine, item),
): LineInput {
  return {
    amount: Math.round(full * fraction),
    description: `Remaining time on ${productName(engine, item.price)} after ${lineDate(at)}`,
    period: { start: at, end: periodEnd },
    price: item.price,
    currency: item.price.currency,
    quantity: item.quantity ?? 1,
    proration: true,
    subscriptionItem: item.id,
  };
}

/** A full-period charge for `item` (cycle invoices, interval changes). */
export function fullLine(
  engine: Engine,
  item: Stripe.SubscriptionItem,
  amount?: number,
): LineInput {
  const qty = item.quantity ?? 1;
  const price = item.price;
  const per = `${price.recurring?.interval}`;
  const description =
    price.billing_scheme === 'tiered'
      ? `${qty} × ${productName(engine, price)} (${price.tiers_mode} tiers, per ${per})`
      : `${qty} × ${productName(engine, price)} (at ${money(price.unit_amount ?? 0, price.currency)} / ${per})`;
  return {
    amount: amount ?? itemAmount(engine, item),
    description,
    period: { start: item.current_period_start, end: item.current_period_end },
    price: item.price,
    currency: item.price.currency,
    quantity: qty,
    proration: false,
    subscriptionItem: item.id,
  };
}

/**
 * Proration lines for moving from `before` to `after` at `at` within the current period:
 * a credit for each changed or removed item, a charge for each changed or added one.
 * In a trial the time is free, so Stripe itemises both at $0: nothing credited, nothing charged
 * (`always_invoice` then bills a $0 invoice and the trial goes on).
 */
export function prorationLines(
  engine: Engine,
  before: Stripe.SubscriptionItem[],
  after: Stripe.SubscriptionItem[],
  at: number,
  options: { trial: boolean; discounts: readonly Stripe.Discount[] },
): LineInput[] {
  const lines: LineInput[] = [];
  const was = netItemAmounts(engine, before, options.discounts);
  const will = netItemAmounts(engine, after, options.discounts);
  for (const old of before) {
    const next = after.find((i) => i.id === old.id);
    if (next && next.price.id === old.price.id && next.quantity === old.quantity) continue;
    const period = { start: old.current_period_start, end: old.current_period_end };
    const f = unusedFraction(period, at);
    const full = options.trial ? 0 : (billedNet(engine, old) ?? was.get(old.id));
    if (f > 0) lines.push(creditLine(engine, old, at, f, full));
  }
  for (const next of after) {
    const old = before.find((i) => i.id === next.id);
    if (old && old.price.id === next.price.id && old.quantity === next.quantity) continue;
    const period = { start: next.current_period_start, end: next.current_period_end };
    const f = unusedFraction(period, at);
    const full = options.trial ? 0 : will.get(next.id);
    if (f > 0) lines.push(chargeLine(engine, next, at, f, period.end, full));
  }
  return lines;
}
