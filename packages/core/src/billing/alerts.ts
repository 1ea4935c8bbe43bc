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

/** Every alert that applies, most urgent first per `ALERT_ORDER`, at most one of each type. */
export function deriveAlerts(
  subscription: SubscriptionSnapshot,
  scheduled: PendingChange | null,
  now: Date,
  policy: ResolvedPolicy,
): Alert[] {
  const alerts: Alert[] = [];
  const status = subscription.status;
  const invoice = subscription.latestInvoice;
  const open = invoice !== null && invoice.status === 'open';
  const money = invoice ? invoiceMoney(invoice) : null;

  if (open && money && invoice.paymentStatus === 'requires_action') {
    alerts.push({ type: 'action_required', clientSecret: invoice.clientSecret, ...money });
  } else if (
    open &&
    money &&
    Number.isSafeInteger(invoice.attemptCount) &&
    invoice.attemptCount > 0 &&
    (status === 'past_due' || status === 'unpaid' || status === 'active' || status === 'trialing')
  ) {
    alerts.push({
      type: 'payment_failed',
      attempt: invoice.attemptCount,
      nextRetryAt: isoOrNull(invoice.nextPaymentAttempt),
      ...money,
    });
  }
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
