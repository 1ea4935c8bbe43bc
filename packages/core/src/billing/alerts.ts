import { ALERT_ORDER } from '../contract/alert-order';
import type { Alert, PendingChange } from '../contract/status';
import { TERMINAL_STATUSES } from './access';
import { DAY_MS, isoOrNull, parseInstant } from './instant';
import type { ResolvedPolicy } from './policy';
import type { InvoiceSnapshot, SubscriptionSnapshot } from './snapshot';

/** Stripe gives a subscription's first invoice 23 hours before it becomes `incomplete_expired`. */
const INCOMPLETE_WINDOW_MS = 23 * 3_600_000;

const ACCESS_ENDED = new Set(['canceled', 'unpaid', 'incomplete_expired', 'paused'] as const);
type AccessEndedReason = typeof ACCESS_ENDED extends Set<infer T> ? T : never;

/**
 * Every alert that applies, most urgent first per `ALERT_ORDER`: one per open invoice blocking
 * the subscription (oldest first within a type, each with its pay link), one of each other type.
 */
export function deriveAlerts(
  subscription: SubscriptionSnapshot,
  scheduled: PendingChange | null,
  now: Date,
  policy: ResolvedPolicy,
): Alert[] {
  const alerts: Alert[] = [];
  const status = subscription.status;
  const invoice = subscription.latestInvoice;
  for (const open of blockingInvoices(subscription)) alerts.push(...paymentAlert(open, status));
  if (ACCESS_ENDED.has(status as AccessEndedReason)) {
    alerts.push({ type: 'access_ended', reason: status as AccessEndedReason });
  }
  if (status === 'incomplete') {
    const started = parseInstant(subscription.currentPeriodStart);
    alerts.push({
      type: 'incomplete',
      hostedInvoiceUrl: invoice?.hostedInvoiceUrl ?? null,
      expiresAt: started ? new Date(started.getTime() + INCOMPLETE_WINDOW_MS).toISOString() : null,
    });
  }
  if (!TERMINAL_STATUSES.has(status)) {
    const trialEnd = parseInstant(subscription.trialEnd);
    const left = trialEnd ? trialEnd.getTime() - now.getTime() : -1;
    if (status === 'trialing' && trialEnd && left > 0 && left <= policy.trialEndingDays * DAY_MS) {
      alerts.push({
        type: 'trial_ending',
        endsAt: trialEnd.toISOString(),
        hasPaymentMethod: subscription.hasPaymentMethod,
      });
    }
    const endsAt = cancelAt(subscription);
    if (endsAt !== null) alerts.push({ type: 'cancel_pending', endsAt });
    if (scheduled) {
      alerts.push({
        type: 'downgrade_scheduled',
        toPlan: scheduled.plan,
        toInterval: scheduled.interval,
        effectiveAt: scheduled.effectiveAt,
      });
    }
  }
  return alerts.sort((a, b) => ALERT_ORDER.indexOf(a.type) - ALERT_ORDER.indexOf(b.type));
}

/**
 * The open invoices whose payment alerts apply, oldest first: every one in `openInvoices` (a
 * `past_due`/`unpaid` subscription is blocked by each of them, not only by the latest), and the
 * latest invoice when it is open and not among them.
 */
function blockingInvoices(subscription: SubscriptionSnapshot): InvoiceSnapshot[] {
  const open = (subscription.openInvoices ?? []).filter((i) => i.status === 'open');
  const latest = subscription.latestInvoice;
  if (latest?.status === 'open' && !open.some((i) => i.id === latest.id)) open.push(latest);
  return open;
}

/** The alert one open invoice raises: its 3-D Secure step, or its failed payment to retry. */
function paymentAlert(invoice: InvoiceSnapshot, status: SubscriptionSnapshot['status']): Alert[] {
  const money = invoiceMoney(invoice);
  if (!money) return [];
  if (invoice.paymentStatus === 'requires_action') {
    return [{ type: 'action_required', clientSecret: invoice.clientSecret, ...money }];
  }
  const failed = Number.isSafeInteger(invoice.attemptCount) && invoice.attemptCount > 0;
  const blocking =
    status === 'past_due' || status === 'unpaid' || status === 'active' || status === 'trialing';
  if (!failed || !blocking) return [];
  return [
    {
      type: 'payment_failed',
      attempt: invoice.attemptCount,
      nextRetryAt: isoOrNull(invoice.nextPaymentAttempt),
      ...money,
    },
  ];
}

/** When a pending cancellation takes effect: `cancel_at`, or the period end for `cancel_at_period_end`. */
export function cancelAt(subscription: SubscriptionSnapshot): string | null {
  if (TERMINAL_STATUSES.has(subscription.status)) return null;
  return (
    isoOrNull(subscription.cancelAt) ??
    (subscription.cancelAtPeriodEnd ? isoOrNull(subscription.currentPeriodEnd) : null)
  );
}

function invoiceMoney(invoice: InvoiceSnapshot) {
  const currency = invoice.currency.toLowerCase();
  if (!/^[a-z]{3}$/.test(currency) || !Number.isSafeInteger(invoice.amountDue)) return null;
  return { hostedInvoiceUrl: invoice.hostedInvoiceUrl, amountDue: invoice.amountDue, currency };
}
