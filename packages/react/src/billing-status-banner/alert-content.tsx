import type { Access, Alert, PlansResponse } from '@tollgate/core';
import type { Severity } from '../internal/icons';
import type { useUi } from '../internal/use-ui';

/** What the banner's action does for an alert. */
export type BannerAction =
  | { kind: 'portal' }
  | { kind: 'confirm'; clientSecret: string }
  | { kind: 'resume'; undo: 'cancellation' | 'scheduled_change' }
  | { kind: 'link'; href: string }
  | { kind: 'choose_plan' }
  | null;

/**
 * How serious an alert is: `critical` blocks access or money (announced with `role="alert"`),
 * `warning` needs the customer before a date, `info` only informs and is the one kind a customer
 * may dismiss.
 */
export function severityOf(alert: Alert): Severity {
  switch (alert.type) {
    case 'action_required':
    case 'payment_failed':
    case 'incomplete':
      return 'critical';
    case 'access_ended':
      return alert.reason === 'unpaid' || alert.reason === 'paused' ? 'critical' : 'warning';
    case 'cancel_pending':
      return 'warning';
    case 'trial_ending':
      return alert.hasPaymentMethod ? 'info' : 'warning';
    case 'downgrade_scheduled':
      return 'info';
  }
}

/** A stable identity per alert occurrence: a new failed attempt is a new alert, not a dismissed one. */
export function alertKey(alert: Alert): string {
  return JSON.stringify(alert);
}

/** @internal The message and action for one alert. */
export function describeAlert(
  alert: Alert,
  ui: ReturnType<typeof useUi>,
  plans: PlansResponse | undefined,
  access: Access,
): { message: string; actionLabel: string | null; action: BannerAction } {
  const { labels: l, date, money } = ui;
  switch (alert.type) {
    case 'trial_ending':
      return {
        message: alert.hasPaymentMethod
          ? l.trialEnding(date(alert.endsAt))
          : l.trialEndingNoCard(date(alert.endsAt)),
        actionLabel: alert.hasPaymentMethod ? null : l.addPaymentMethod,
        action: alert.hasPaymentMethod ? null : { kind: 'portal' },
      };
    case 'payment_failed':
      return {
        message:
          access === 'none'
            ? l.paymentFailedPaused(money(alert.amountDue, alert.currency))
            : l.paymentFailed(
                money(alert.amountDue, alert.currency),
                alert.nextRetryAt ? date(alert.nextRetryAt) : null,
              ),
        actionLabel: l.updateCard,
        action: { kind: 'portal' },
      };
    case 'action_required':
      return {
        message: l.actionRequired(money(alert.amountDue, alert.currency)),
        actionLabel: alert.clientSecret || alert.hostedInvoiceUrl ? l.confirmPayment : null,
        // Confirm in place with stripe.js when the provider has it; otherwise Stripe's hosted invoice page.
        action:
          alert.clientSecret && (ui.context.hasStripe || !alert.hostedInvoiceUrl)
            ? { kind: 'confirm', clientSecret: alert.clientSecret }
            : alert.hostedInvoiceUrl
              ? { kind: 'link', href: alert.hostedInvoiceUrl }
              : null,
      };
    case 'cancel_pending':
      return {
        message: l.cancelPending(date(alert.endsAt)),
        actionLabel: l.resume,
        action: { kind: 'resume', undo: 'cancellation' },
      };
    case 'downgrade_scheduled': {
      const name = plans?.plans.find((p) => p.key === alert.toPlan)?.name ?? alert.toPlan;
      return {
        message: l.downgradeScheduled(name, date(alert.effectiveAt)),
        actionLabel: l.undo,
        action: { kind: 'resume', undo: 'scheduled_change' },
      };
    }
    case 'incomplete':
      return {
        message: l.incomplete(alert.expiresAt ? date(alert.expiresAt) : null),
        actionLabel: alert.hostedInvoiceUrl ? l.finishCheckout : l.choosePlan,
        action: alert.hostedInvoiceUrl
          ? { kind: 'link', href: alert.hostedInvoiceUrl }
          : { kind: 'choose_plan' },
      };
    case 'access_ended':
      return {
        message: l.accessEnded(alert.reason),
        actionLabel: l.choosePlan,
        action: { kind: 'choose_plan' },
      };
  }
}
