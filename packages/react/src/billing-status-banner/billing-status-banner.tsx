'use client';
import { useQuery } from '@tanstack/react-query';
import type { Alert } from '@tollgate/core';
import { forwardRef, type HTMLAttributes, useState } from 'react';
import { useConfirmPayment, usePortal, useResume } from '../hooks/mutations';
import { useBillingStatus } from '../hooks/queries';
import { useUi } from '../internal/use-ui';
import { billingQueries } from '../queries/billing-queries';
import { alertKey, type BannerAction, describeAlert, URGENT } from './alert-content';

/** Props of {@link BillingStatusBanner}. */
export interface BillingStatusBannerProps
  extends Omit<HTMLAttributes<HTMLDivElement>, 'role' | 'children'> {
  /** Where "Choose a plan" leads. Default `/pricing`. Ignored when `onChoosePlan` is given. */
  choosePlanHref?: string;
  /** Handle "Choose a plan" in-app instead of following `choosePlanHref`. */
  onChoosePlan?: () => void;
  /** Same-origin path the customer portal returns to. */
  returnPath?: string;
  /** Whether alerts can be dismissed (per alert, for this page view). Default true. */
  dismissible?: boolean;
  /** Called after an alert is dismissed. */
  onDismiss?: (alert: Alert) => void;
  /** Drop the default class names. */
  unstyled?: boolean;
}

/**
 * The most urgent billing alert with the action that resolves it, as a live region:
 * `role="alert"` for payment and access problems, `role="status"` otherwise. Renders an empty
 * live region when there is nothing to say, so later alerts are announced.
 *
 * @example
 * <BillingStatusBanner choosePlanHref="/pricing" returnPath="/settings/billing" />
 */
export const BillingStatusBanner = forwardRef<HTMLDivElement, BillingStatusBannerProps>(
  function BillingStatusBanner(props, ref) {
    const {
      choosePlanHref = '/pricing',
      onChoosePlan,
      returnPath,
      dismissible = true,
      onDismiss,
      unstyled,
      className,
      ...rest
    } = props;
    const ui = useUi(unstyled);
    const { labels: l, cls } = ui;
    const { data: status } = useBillingStatus();
    const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
    const alert = status?.alerts.find((a) => !dismissed.has(alertKey(a)));
    const plans = useQuery({
      ...billingQueries.plans(),
      enabled: alert?.type === 'downgrade_scheduled',
    });
    const portal = usePortal();
    const resume = useResume();
    const confirm = useConfirmPayment();
    const returnState = ui.context.checkoutReturn;

    const base = { ...rest, ref, className: cls('banner', className) };
    if (returnState === 'polling' || returnState === 'timed_out') {
      return (
        <div {...base} role="status" data-state="checkout_return" data-return={returnState}>
          <p className={cls('banner-message')}>
            {returnState === 'polling' ? l.checkoutReturnPending : l.checkoutReturnTimedOut}
          </p>
        </div>
      );
    }
    if (!status || !alert) return <div {...base} role="status" data-state="empty" />;

    const { message, actionLabel, action } = describeAlert(alert, ui, plans.data);
    const mutation =
      action?.kind === 'portal' ? portal : action?.kind === 'resume' ? resume : confirm;
    const pending = mutation.isPending;
    const run = (a: Exclude<BannerAction, null>) => {
      if (pending) return;
      if (a.kind === 'portal') portal.mutate({ flow: 'payment_method_update', returnPath });
      else if (a.kind === 'resume') resume.mutate({ undo: a.undo });
      else if (a.kind === 'confirm') confirm.mutate(a.clientSecret);
      else if (a.kind === 'choose_plan') onChoosePlan?.();
    };
    const dismiss = () => {
      setDismissed((previous) => new Set(previous).add(alertKey(alert)));
      onDismiss?.(alert);
    };
    const error = mutation.error;

    return (
      <div
        {...base}
        role={URGENT.has(alert.type) ? 'alert' : 'status'}
        data-state={pending ? 'pending' : error ? 'error' : 'visible'}
        data-alert={alert.type}
        data-severity={URGENT.has(alert.type) ? 'urgent' : 'notice'}
        data-status={status.status}
      >
        <p className={cls('banner-message')}>{message}</p>
        {error ? <p className={cls('banner-error')}>{error.message}</p> : null}
        {action && actionLabel ? (
          action.kind === 'link' || (action.kind === 'choose_plan' && !onChoosePlan) ? (
            <a
              className={cls('banner-action')}
              href={action.kind === 'link' ? action.href : choosePlanHref}
            >
              {actionLabel}
            </a>
          ) : (
            <button
              type="button"
              className={cls('banner-action')}
              aria-disabled={pending || undefined}
              data-state={pending ? 'pending' : 'idle'}
              onClick={() => run(action)}
            >
              {pending ? l.working : actionLabel}
            </button>
          )
        ) : null}
        {dismissible ? (
          <button
            type="button"
            className={cls('banner-dismiss')}
            aria-label={l.dismiss}
            onClick={dismiss}
          >
            <span aria-hidden="true">×</span>
          </button>
        ) : null}
      </div>
    );
  },
);
