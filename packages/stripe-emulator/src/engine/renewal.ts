import type Stripe from 'stripe';
import type { Engine } from './context.js';
import { emit, track, update } from './emit.js';
import type { LineInput } from './invoice-build.js';
import { buildInvoice } from './invoice-build.js';
import { pendingItemLines } from './invoice-items.js';
import { finalizeInvoice, storeInvoice, voidInvoice } from './invoices.js';
import { periodFrom } from './items.js';
import { usageFor } from './meter-usage.js';
import { priceAmount } from './pricing.js';
import { fullLine } from './proration.js';
import { cancelNow, updateSubscription } from './subscription-status.js';
import { idOf } from './util.js';

/** Metered usage lines for the period that just ended. */
export function usageLines(engine: Engine, sub: Stripe.Subscription): LineInput[] {
  return sub.items.data
    .filter((item) => item.price.recurring?.usage_type === 'metered' && item.price.recurring.meter)
    .map((item) => {
      const usage = usageFor(
        engine,
        item.price.recurring!.meter!,
        idOf(sub.customer)!,
        item.current_period_start,
        item.current_period_end,
      );
      // Stripe bills a negative period total as a quantity of 0.
      const quantity = Math.max(0, usage);
      return { ...fullLine(engine, item, priceAmount(engine, item.price, quantity)), quantity };
    });
}

/** Licensed charges for the period each item is now in. */
export function licensedLines(engine: Engine, sub: Stripe.Subscription): LineInput[] {
  return sub.items.data
    .filter((i) => i.price.recurring?.usage_type !== 'metered')
    .map((i) => fullLine(engine, i));
}

const hasPaymentMethod = (engine: Engine, sub: Stripe.Subscription): boolean =>
  Boolean(
    idOf(sub.default_payment_method) ??
      idOf(engine.state.customers[idOf(sub.customer)!]?.invoice_settings?.default_payment_method),
  );

/**
 * Runs a subscription's period end (or trial end): cancels it if asked to, otherwise moves
 * its items to the next period and drafts the cycle invoice (finalized an hour later).
 */
export function renewSubscription(engine: Engine, sub: Stripe.Subscription): void {
  const at = engine.clock.now();
  if (sub.cancel_at_period_end || (sub.cancel_at !== null && sub.cancel_at <= at)) {
    cancelNow(engine, sub, 'cancellation_requested');
    return;
  }
  if (sub.status === 'trialing' && !hasPaymentMethod(engine, sub)) {
    const behaviour = sub.trial_settings?.end_behavior.missing_payment_method ?? 'create_invoice';
    if (behaviour === 'cancel') {
      cancelNow(engine, sub, 'cancellation_requested');
      return;
    }
    if (behaviour === 'pause') {
      const previous = track(sub, (s) => {
        s.status = 'paused';
      });
      emit(engine, 'customer.subscription.paused', sub, previous);
      emit(engine, 'customer.subscription.updated', sub, previous);
      return;
    }
  }
  const usage = usageLines(engine, sub);
  const pending = pendingItemLines(engine, sub);
  const previous = sub.items.data[0]!;
  const nextItems = sub.items.data.map((item) => {
    const period = periodFrom(item.price, at, sub.billing_cycle_anchor);
    return { ...item, current_period_start: period.start, current_period_end: period.end };
  });
  const next = { ...sub, items: { ...sub.items, data: nextItems } };
  const invoice = buildInvoice(engine, {
    customer: engine.state.customers[idOf(sub.customer)!]!,
    subscription: next,
    billing_reason: 'subscription_cycle',
    lines: [...pending, ...usage, ...licensedLines(engine, next)],
    period_start: previous.current_period_start,
    period_end: at,
    currency: sub.currency,
  });
  invoice.automatically_finalizes_at = at + 3600;
  updateSubscription(engine, sub, (s) => {
    s.items = { ...s.items, data: nextItems };
    if (s.status === 'trialing') s.status = 'active';
    s.latest_invoice = invoice.id;
  });
  storeInvoice(engine, invoice);
  applyPauseCollection(engine, sub, invoice);
}

/**
 * `pause_collection`: the cycle invoice stays a draft (`keep_as_draft`), is finalized and marked
 * uncollectible (`mark_uncollectible`), or finalized and voided (`void`) — never charged.
 */
function applyPauseCollection(engine: Engine, sub: Stripe.Subscription, invoice: Stripe.Invoice) {
  const pause = sub.pause_collection;
  if (!pause || (pause.resumes_at !== null && pause.resumes_at <= engine.clock.now())) return;
  invoice.auto_advance = false;
  invoice.automatically_finalizes_at = null;
  if (pause.behavior === 'keep_as_draft') return;
  finalizeInvoice(engine, invoice);
  if (invoice.status !== 'open') return;
  if (pause.behavior === 'void') {
    voidInvoice(engine, invoice);
    return;
  }
  update(engine, 'invoice.marked_uncollectible', invoice, (i) => {
    i.status = 'uncollectible';
    i.next_payment_attempt = null;
  });
}

/** `pause_collection.resumes_at` reached: collection resumes; emits `customer.subscription.updated`. */
export function resumeCollection(engine: Engine, sub: Stripe.Subscription): void {
  updateSubscription(engine, sub, (s) => {
    s.pause_collection = null;
  });
}
