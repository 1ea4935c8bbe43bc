import type { Interval, InvoiceSnapshot, SubscriptionSnapshot } from '@tollgate/core';
import type Stripe from 'stripe';
import { discountOf } from '../stripe/discount';
import { nextPhase } from '../stripe/next-phase';
import { planItem } from '../stripe/plan-item';

/** Maps a Stripe price to a catalog plan and interval (null when not in the catalog). */
export type PlanOf = (price: Stripe.Price | string | null | undefined) => {
  plan: string | null;
  interval: Interval | null;
};

const iso = (seconds: number | null | undefined): string | null =>
  seconds == null ? null : new Date(seconds * 1000).toISOString();

const idOf = (value: string | { id: string } | null | undefined): string | null =>
  value == null ? null : typeof value === 'string' ? value : value.id;

/**
 * Reduces a Stripe subscription to the snapshot core derives state from. Periods come from the
 * items (API 2025-03-31+), the pending upgrade from `pending_update`, the scheduled change from
 * the schedule's next phase.
 */
export function subscriptionSnapshot(
  subscription: Stripe.Subscription,
  planOf: PlanOf,
  invoice: InvoiceSnapshot | null,
  customerHasPaymentMethod: boolean,
): SubscriptionSnapshot {
  const item = planItem(subscription.items.data);
  const { plan, interval } = planOf(item?.price);
  const periodStart = Math.min(...subscription.items.data.map((i) => i.current_period_start));
  const periodEnd = Math.max(...subscription.items.data.map((i) => i.current_period_end));
  return {
    id: subscription.id,
    status: subscription.status as SubscriptionSnapshot['status'],
    plan,
    interval,
    priceId: item?.price.id ?? '',
    quantity: item?.quantity ?? 1,
    discount: discountOf(subscription.discounts?.[0]),
    currentPeriodStart: iso(Number.isFinite(periodStart) ? periodStart : subscription.created)!,
    currentPeriodEnd: iso(Number.isFinite(periodEnd) ? periodEnd : subscription.created)!,
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    cancelAt: iso(subscription.cancel_at),
    canceledAt: iso(subscription.canceled_at),
    endedAt: iso(subscription.ended_at),
    trialStart: iso(subscription.trial_start),
    trialEnd: iso(subscription.trial_end),
    hasPaymentMethod: subscription.default_payment_method != null || customerHasPaymentMethod,
    pendingUpdate: pendingUpdate(subscription, planOf),
    scheduledChange: scheduledChange(subscription, planOf, periodEnd),
    latestInvoice: invoice,
  };
}

function pendingUpdate(subscription: Stripe.Subscription, planOf: PlanOf) {
  const pending = subscription.pending_update;
  if (!pending) return null;
  const next = planItem(pending.subscription_items);
  const target = planOf(next?.price);
  return { ...target, quantity: next?.quantity ?? 1, expiresAt: iso(pending.expires_at)! };
}

function scheduledChange(subscription: Stripe.Subscription, planOf: PlanOf, periodEnd: number) {
  const schedule = subscription.schedule;
  if (!schedule || typeof schedule === 'string') return null;
  if (schedule.status !== 'active' && schedule.status !== 'not_started') return null;
  const next = nextPhase(schedule, periodEnd);
  if (!next) return null;
  const nextItem = planItem(next.items);
  const target = planOf(nextItem?.price as Stripe.Price | string | undefined);
  return {
    scheduleId: schedule.id,
    ...target,
    quantity: nextItem?.quantity ?? 1,
    startsAt: iso(next.start_date)!,
  };
}

/** Reduces the latest invoice; `paymentStatus` comes from its payment intent when known. */
export function invoiceSnapshot(
  invoice: Stripe.Invoice,
  paymentStatus: InvoiceSnapshot['paymentStatus'],
): InvoiceSnapshot {
  return {
    id: invoice.id ?? '',
    status: (invoice.status ?? 'draft') as InvoiceSnapshot['status'],
    amountDue: invoice.amount_due,
    currency: invoice.currency,
    attemptCount: invoice.attempt_count,
    nextPaymentAttempt: iso(invoice.next_payment_attempt),
    hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
    clientSecret:
      invoice.status === 'open' ? (invoice.confirmation_secret?.client_secret ?? null) : null,
    paymentStatus,
  };
}

/**
 * The payment intent behind an unpaid invoice: from `payments` when Stripe included it, else from
 * the confirmation secret — a payment intent's client secret is `<pi id>_secret_<…>`.
 */
export function invoicePaymentIntentId(invoice: Stripe.Invoice): string | null {
  for (const payment of invoice.payments?.data ?? []) {
    const id = idOf(payment.payment?.payment_intent as string | { id: string } | undefined);
    if (id) return id;
  }
  const secret = invoice.confirmation_secret?.client_secret ?? '';
  const match = /^(pi_[A-Za-z0-9]+)_secret_/.exec(secret);
  return match ? match[1]! : null;
}
