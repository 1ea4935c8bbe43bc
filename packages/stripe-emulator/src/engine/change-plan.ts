import type Stripe from 'stripe';
import { invalidRequest } from '../errors.js';
import type { Engine } from './context.js';
import type { LineInput } from './invoice-build.js';
import { buildItem, currentPeriod, intervalDiffers, periodFrom, recurringPrice } from './items.js';
import {
  billedNet,
  creditLine,
  fullLine,
  netItemAmounts,
  prorationLines,
  unusedFraction,
} from './proration.js';
import { mergeMetadata } from './util.js';

/** How a change is prorated (Stripe's `proration_behavior`). */
export type ProrationBehavior = 'none' | 'create_prorations' | 'always_invoice';

/** `billing_cycle_anchor` of `subscriptions.update`. */
export type AnchorReset = 'now' | 'unchanged';

/** An `items[]` entry of `subscriptions.update`. */
export interface ItemChange {
  id?: string;
  price?: string;
  quantity?: number;
  deleted?: boolean;
  metadata?: Record<string, string>;
}

/** What a change to a subscription's items would do; shared by update and preview. */
interface ChangePlan {
  before: Stripe.SubscriptionItem[];
  after: Stripe.SubscriptionItem[];
  lines: LineInput[];
  intervalChange: boolean;
  /** Bill `lines` on an invoice now (always_invoice or an interval change). */
  invoiceNow: boolean;
  /** The new billing cycle anchor when the interval changes. */
  anchor: number | null;
  prorationDate: number;
}

/** Validates `proration_date` against the current period; defaults to now. */
export function prorationDateFor(
  engine: Engine,
  sub: Stripe.Subscription,
  requested: number | undefined,
): number {
  const now = engine.clock.now();
  if (requested === undefined) return now;
  const period = currentPeriod(sub);
  if (requested < period.start || requested > period.end) {
    throw invalidRequest(
      `proration_date must be within the current billing period (${period.start}–${period.end}).`,
      'proration_date',
    );
  }
  return requested;
}

function applyChanges(
  engine: Engine,
  sub: Stripe.Subscription,
  changes: ItemChange[],
): Stripe.SubscriptionItem[] {
  let items = sub.items.data.map((i) => ({ ...i }));
  const period = currentPeriod(sub);
  changes.forEach((change, index) => {
    const param = `items[${index}]`;
    const existing = change.id ? items.find((i) => i.id === change.id) : undefined;
    if (change.id && !existing)
      throw invalidRequest(`Invalid subscription_item: ${change.id}`, `${param}[id]`);
    if (existing && change.deleted) {
      items = items.filter((i) => i.id !== existing.id);
      return;
    }
    const price = change.price
      ? recurringPrice(engine, change.price, `${param}[price]`)
      : undefined;
    if (existing) {
      if (price) {
        existing.price = price;
        existing.plan = buildItem(engine, sub.id, price, 1, period).plan;
        if (price.recurring?.usage_type === 'metered') delete existing.quantity;
        else existing.quantity = existing.quantity ?? 1;
      }
      if (change.quantity !== undefined) existing.quantity = change.quantity;
      existing.metadata = mergeMetadata(existing.metadata, change.metadata);
      return;
    }
    if (!price)
      throw invalidRequest('Either `id` or `price` is required for each item.', `${param}[price]`);
    items.push(
      buildItem(
        engine,
        sub.id,
        price,
        change.quantity ?? 1,
        period,
        mergeMetadata({}, change.metadata),
      ),
    );
  });
  if (items.length === 0)
    throw invalidRequest('A subscription must have at least one active item.', 'items');
  return items;
}

/** Works out the items, proration lines and invoicing of a change (no state is touched). */
export function planChange(
  engine: Engine,
  sub: Stripe.Subscription,
  changes: ItemChange[],
  behavior: ProrationBehavior,
  prorationDate: number,
  anchorReset: AnchorReset | undefined,
  /** The discounts in force after the change (prorations are net of them). */
  discounts: readonly Stripe.Discount[],
): ChangePlan {
  const before = sub.items.data;
  const after = applyChanges(engine, sub, changes);
  const billed = sub.status !== 'trialing';
  const first = before[0]!.price;
  const intervalChange =
    after.some((i) => intervalDiffers(i.price, first)) && sub.status !== 'trialing';
  if (anchorReset && sub.status === 'trialing') {
    throw invalidRequest(
      'The emulator does not support billing_cycle_anchor on a trialing subscription yet; end the trial with trial_end=now instead.',
      'billing_cycle_anchor',
      'parameter_unknown',
    );
  }
  if (intervalChange && anchorReset === 'unchanged') {
    throw invalidRequest(
      'billing_cycle_anchor cannot be `unchanged` when the prices have a different interval: the billing cycle is reset to now.',
      'billing_cycle_anchor',
    );
  }
  // An interval change, or `billing_cycle_anchor: 'now'`, starts a new period now: the unused
  // time is credited (unless proration is off) and the new period billed on an invoice at once.
  if (intervalChange || anchorReset === 'now') {
    const anchor = engine.clock.now();
    const reset = after.map((i) => {
      const period = periodFrom(i.price, anchor);
      return { ...i, current_period_start: period.start, current_period_end: period.end };
    });
    const was = netItemAmounts(engine, before, discounts);
    const credits =
      behavior === 'none' || !billed
        ? []
        : before
            .map((old) => {
              const f = unusedFraction(
                { start: old.current_period_start, end: old.current_period_end },
                prorationDate,
              );
              const full = billedNet(engine, old) ?? was.get(old.id);
              return f > 0 ? creditLine(engine, old, prorationDate, f, full) : null;
            })
            .filter((l): l is LineInput => l !== null);
    const charges = reset
      .filter((i) => i.price.recurring?.usage_type !== 'metered')
      .map((i) => fullLine(engine, i));
    return {
      before,
      after: reset,
      lines: [...credits, ...charges],
      intervalChange,
      invoiceNow: true,
      anchor,
      prorationDate,
    };
  }
  const lines =
    behavior === 'none'
      ? []
      : prorationLines(engine, before, after, prorationDate, { trial: !billed, discounts });
  return {
    before,
    after,
    lines,
    intervalChange,
    invoiceNow: behavior === 'always_invoice' && lines.length > 0,
    anchor: null,
    prorationDate,
  };
}
