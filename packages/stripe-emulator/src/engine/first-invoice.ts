import type Stripe from 'stripe';
import type { Engine } from './context.js';
import type { LineInput } from './invoice-build.js';
import { productName } from './items.js';
import { fullLine, netItemAmounts } from './proration.js';
import { anchorLine } from './subscriptions.js';

/** How a new subscription starts. */
export interface FirstInvoiceOptions {
  /** A trial: the first invoice bills nothing. */
  trial: boolean;
  /** `billing_cycle_anchor`: the first invoice bills the time up to it. */
  anchor: number | null;
  behavior?: 'always_invoice' | 'create_prorations' | 'none';
  discounts: readonly Stripe.Discount[];
}

/**
 * The lines of a new subscription's first invoice — a $0 trial line, the time up to the anchor
 * (net of discounts, as prorations are), or a full period — shared by `subscriptions.create`,
 * its preview and Checkout's amounts so the three always agree.
 */
export function firstInvoiceLines(
  engine: Engine,
  items: Stripe.SubscriptionItem[],
  now: number,
  options: FirstInvoiceOptions,
): LineInput[] {
  const net = netItemAmounts(engine, items, options.discounts);
  return items.map((item) => {
    if (options.trial)
      return {
        ...fullLine(engine, item, 0),
        description: `Trial period for ${productName(engine, item.price)}`,
      };
    if (options.anchor !== null)
      return anchorLine(engine, item, now, options.anchor, options.behavior, net.get(item.id));
    return fullLine(engine, item);
  });
}
