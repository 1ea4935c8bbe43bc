'use client';
import type { Alert, PlansResponse } from '@tollgate/core';
import type { useUi } from '../internal/use-ui';

/** What the banner's action does for an alert. */
export type BannerAction =
  | { kind: 'portal' }
  | { kind: 'confirm'; clientSecret: string }
  | { kind: 'resume'; undo: 'cancellation' | 'scheduled_change' }
  | { kind: 'link'; href: string }
  | { kind: 'choose_plan' }
  | null;

/** Alerts that block access or money: announced assertively (`role="alert"`). */
export const URGENT: ReadonlySet<Alert['type']> = new Set([
  'action_required',
  'payment_failed',
  'access_ended',
  'incomplete',
]);

/** A stable identity per alert occurrence: a new failed attempt is a new alert, not a dismissed one. */
export function alertKey(alert: Alert): string {
  return JSON.stringify(alert);
}

/** @internal The message and action for one alert. */
export function describeAlert(
  alert: Alert,
  ui: ReturnType<typeof useUi>,
  plans: PlansResponse | undefined,
): { message: string; actionLabel: string | null; action: BannerAction } {
  const { labels: l, date, money } = ui;
  switch (alert.type) {
    case 'trial_ending':
      return {
        message: l.trialEnding(date(alert.endsAt)),
        actionLabel: alert.hasPaymentMethod ? null : l.addPaymentMethod,
        action: alert.hasPaymentMethod ? null : { kind: 'portal' },
      };
    case 'payment_failed':
      return {
        message: l.paymentFailed(alert.attempt, alert.nextRetryAt ? date(alert.nextRetryAt) : null),
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
        message: l.incomplete,
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
