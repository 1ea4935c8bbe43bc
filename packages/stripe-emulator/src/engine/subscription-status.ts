import type Stripe from 'stripe';
import { valuesOf } from '../state.js';
import type { Engine } from './context.js';
import { emit, track } from './emit.js';
import { idOf } from './util.js';

/** The subscription an invoice belongs to, if any. */
export function subscriptionOf(
  engine: Engine,
  invoice: Stripe.Invoice,
): Stripe.Subscription | undefined {
  const id = idOf(invoice.parent?.subscription_details?.subscription);
  return id ? engine.state.subscriptions[id] : undefined;
}

/** Emits `customer.subscription.updated` for the changes `mutate` makes (if any). */
export function updateSubscription(
  engine: Engine,
  sub: Stripe.Subscription,
  mutate: (s: Stripe.Subscription) => void,
): Record<string, unknown> {
  const previous = track(sub, mutate);
  if (Object.keys(previous).length > 0)
    emit(engine, 'customer.subscription.updated', sub, previous);
  return previous;
}

const ENDED: Stripe.Subscription.Status[] = ['canceled', 'incomplete_expired'];

/** Whether the subscription has ended for good. */
export const hasEnded = (sub: Stripe.Subscription): boolean => ENDED.includes(sub.status);

/** A paid invoice moves its subscription back to active and applies a pending update. */
export function onInvoicePaid(engine: Engine, invoice: Stripe.Invoice): void {
  const sub = subscriptionOf(engine, invoice);
  if (!sub || hasEnded(sub)) return;
  const internal = engine.state.internal;
  if (internal.pendingUpdateInvoice[sub.id] === invoice.id) applyPendingUpdate(engine, sub);
  const stillOwed = valuesOf(engine.state.invoices).some(
    (inv) =>
      inv.status === 'open' &&
      inv.id !== invoice.id &&
      inv.attempted &&
      idOf(inv.parent?.subscription_details?.subscription) === sub.id &&
      internal.pendingUpdateInvoice[sub.id] !== inv.id,
  );
  if (stillOwed) return;
  if (sub.status === 'incomplete' || sub.status === 'past_due' || sub.status === 'unpaid') {
    const trialing = sub.trial_end !== null && sub.trial_end > engine.clock.now();
    updateSubscription(engine, sub, (s) => {
      s.status = trialing ? 'trialing' : 'active';
    });
  }
}

/** A failed or action-required payment moves a live subscription to past_due; the last retry decides its fate. */
export function onInvoiceFailed(
  engine: Engine,
  invoice: Stripe.Invoice,
  kind: 'failed' | 'requires_action' | 'final',
): void {
  const sub = subscriptionOf(engine, invoice);
  if (!sub || hasEnded(sub)) return;
  if (invoice.billing_reason === 'subscription_create') return;
  if (engine.state.internal.pendingUpdateInvoice[sub.id] === invoice.id) return;
  if (sub.status === 'active' || sub.status === 'trialing') {
    updateSubscription(engine, sub, (s) => {
      s.status = 'past_due';
    });
  }
  if (kind !== 'final') return;
  const outcome = engine.config.dunning.outcome;
  if (outcome === 'cancel') cancelNow(engine, sub, 'payment_failed');
  else if (outcome === 'unpaid') {
    updateSubscription(engine, sub, (s) => {
      s.status = 'unpaid';
    });
  }
}

/** Ends a subscription now; emits `customer.subscription.deleted` (and cancels its schedule). */
export function cancelNow(
  engine: Engine,
  sub: Stripe.Subscription,
  reason: Stripe.Subscription.CancellationDetails.Reason,
  details: {
    comment?: string | null;
    feedback?: Stripe.Subscription.CancellationDetails.Feedback | null;
  } = {},
): void {
  if (hasEnded(sub)) return;
  const now = engine.clock.now();
  const previous = track(sub, (s) => {
    s.status = 'canceled';
    s.ended_at = now;
    s.canceled_at = s.canceled_at ?? now;
    s.cancel_at_period_end = false;
    s.pending_update = null;
    s.cancellation_details = {
      comment: details.comment ?? s.cancellation_details?.comment ?? null,
      feedback: details.feedback ?? s.cancellation_details?.feedback ?? null,
      feedback_option: s.cancellation_details?.feedback_option ?? null,
      reason,
    };
  });
  const internal = engine.state.internal;
  delete internal.pendingUpdateInvoice[sub.id];
  delete internal.pendingUpdateItems[sub.id];
  for (const inv of valuesOf(engine.state.invoices)) {
    if (inv.status === 'draft' && idOf(inv.parent?.subscription_details?.subscription) === sub.id) {
      inv.auto_advance = false;
      inv.automatically_finalizes_at = null;
    }
    if (inv.status === 'open' && idOf(inv.parent?.subscription_details?.subscription) === sub.id) {
      inv.next_payment_attempt = null;
    }
  }
  const scheduleId = idOf(sub.schedule);
  const schedule = scheduleId ? engine.state.subscriptionSchedules[scheduleId] : undefined;
  if (schedule && (schedule.status === 'active' || schedule.status === 'not_started')) {
    const prev = track(schedule, (s) => {
      s.status = 'canceled';
      s.canceled_at = now;
      s.current_phase = null;
    });
    emit(engine, 'subscription_schedule.canceled', schedule, prev);
  }
  emit(engine, 'customer.subscription.deleted', sub, previous);
}

/** Applies a paid pending update: the items it held replace the subscription's. */
function applyPendingUpdate(engine: Engine, sub: Stripe.Subscription): void {
  const internal = engine.state.internal;
  const items = internal.pendingUpdateItems[sub.id];
  const pending = sub.pending_update;
  delete internal.pendingUpdateInvoice[sub.id];
  delete internal.pendingUpdateItems[sub.id];
  if (!items || !pending) return;
  const previous = track(sub, (s) => {
    s.items = { ...s.items, data: items };
    if (pending.billing_cycle_anchor) s.billing_cycle_anchor = pending.billing_cycle_anchor;
    s.pending_update = null;
  });
  emit(engine, 'customer.subscription.pending_update_applied', sub, previous);
  emit(engine, 'customer.subscription.updated', sub, previous);
}

/** Drops an unpaid pending update at `expires_at`; emits `customer.subscription.pending_update_expired`. */
export function expirePendingUpdate(engine: Engine, sub: Stripe.Subscription): void {
  const internal = engine.state.internal;
  const invoiceId = internal.pendingUpdateInvoice[sub.id];
  delete internal.pendingUpdateInvoice[sub.id];
  delete internal.pendingUpdateItems[sub.id];
  const previous = track(sub, (s) => {
    s.pending_update = null;
  });
  emit(engine, 'customer.subscription.pending_update_expired', sub, previous);
  emit(engine, 'customer.subscription.updated', sub, previous);
  const invoice = invoiceId ? engine.state.invoices[invoiceId] : undefined;
  if (invoice && invoice.status === 'open') {
    invoice.status = 'void';
    invoice.next_payment_attempt = null;
    invoice.status_transitions = { ...invoice.status_transitions, voided_at: engine.clock.now() };
    emit(engine, 'invoice.voided', invoice, { status: 'open' });
  }
}
