import type Stripe from 'stripe';
import type { Engine } from './context.js';
import { pendingItemLines, storeProrationItems } from './invoice-items.js';
import { attemptInvoicePayment, createInvoice, finalizeInvoice } from './invoices.js';
import { creditLine, unusedFraction } from './proration.js';
import { usageLines } from './renewal.js';
import { cancelSubscription, getSubscription } from './subscriptions.js';
import { idOf } from './util.js';

/** Options of `subscriptions.cancel` (Stripe's defaults: both false). */
export interface CancelOptions {
  /** Bill now, on a final invoice, un-invoiced usage and pending (and new) prorations. */
  invoice_now?: boolean;
  /** Credit the unused time of the current period. */
  prorate?: boolean;
  comment?: string;
  feedback?: Stripe.Subscription.CancellationDetails.Feedback;
}

/**
 * Cancels a subscription now, as `DELETE /v1/subscriptions/:id` does: with `prorate`, a credit
 * for the unused time of each licensed item; with `invoice_now`, a final invoice of pending
 * items, metered usage and that credit (a negative total goes to the customer's balance);
 * without it, the credit stays as pending invoice items for the customer's next invoice.
 */
export function cancelWithOptions(
  engine: Engine,
  subId: string,
  options: CancelOptions,
): Stripe.Subscription {
  const sub = getSubscription(engine, subId);
  const now = engine.clock.now();
  const credits =
    options.prorate && sub.status !== 'trialing' && sub.status !== 'canceled'
      ? sub.items.data
          .filter((i) => i.price.recurring?.usage_type !== 'metered')
          .map((i) =>
            creditLine(
              engine,
              i,
              now,
              unusedFraction({ start: i.current_period_start, end: i.current_period_end }, now),
            ),
          )
          .filter((line) => line.amount !== 0)
      : [];
  if (options.invoice_now && sub.status !== 'canceled') {
    const lines = [...pendingItemLines(engine, sub), ...usageLines(engine, sub), ...credits];
    if (lines.length) {
      const customer = engine.state.customers[idOf(sub.customer)!]!;
      const invoice = createInvoice(engine, {
        customer,
        subscription: sub,
        billing_reason: 'subscription_cycle',
        lines,
        period_start: sub.items.data[0]?.current_period_start ?? now,
        period_end: now,
        currency: sub.currency,
      });
      sub.latest_invoice = invoice.id;
      finalizeInvoice(engine, invoice);
      if (invoice.status === 'open') attemptInvoicePayment(engine, invoice);
    }
  } else if (credits.length) {
    storeProrationItems(engine, sub, credits);
  }
  return cancelSubscription(engine, subId, {
    ...(options.comment ? { comment: options.comment } : {}),
    ...(options.feedback ? { feedback: options.feedback } : {}),
  });
}
