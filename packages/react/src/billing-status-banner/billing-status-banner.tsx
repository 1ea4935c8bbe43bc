'use client';
import { useQuery } from '@tanstack/react-query';
import type { Alert } from '@tollgate/core';
import { type ComponentPropsWithRef, type ReactNode, useState } from 'react';
import { useConfirmPayment, usePortal, useResume } from '../hooks/mutations';
import { useBillingStatus } from '../hooks/queries';
import { CloseButton } from '../internal/close-button';
import { Icon, type Severity } from '../internal/icons';
import { useUi } from '../internal/use-ui';
import { errorText } from '../provider/labels';
import { alertKey, type BannerAction, describeAlert, severityOf } from './alert-content';

/** Props of {@link BillingStatusBanner}. */
export interface BillingStatusBannerProps
  extends Omit<ComponentPropsWithRef<'div'>, 'role' | 'children'> {
  /** Where "Choose a plan" leads. Default `/pricing`. Ignored when `onChoosePlan` is given. */
  choosePlanHref?: string;
  /** Handle "Choose a plan" in-app instead of following `choosePlanHref`. */
  onChoosePlan?: () => void;
  /** Same-origin path the customer portal returns to. */
  returnPath?: string;
  /**
   * Whether informational alerts (a scheduled downgrade, a trial ending with a card on file) can
   * be dismissed for this page view. Default true. Alerts about money or access never can.
   */
  dismissible?: boolean;
  /** Called after an alert is dismissed. */
  onDismiss?: (alert: Alert) => void;
  /** Drop the default class names. */
  unstyled?: boolean;
}

/**
 * The most urgent billing alert with a severity icon and the action that resolves it, as a live
 * region: `role="alert"` for payment and access problems, `role="status"` otherwise. Renders an empty
 * live region when there is nothing to say, so later alerts are announced.
 *
 * @example
 * <BillingStatusBanner choosePlanHref="/pricing" returnPath="/settings/billing" />
 */
export function BillingStatusBanner(props: BillingStatusBannerProps) {
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
  const status = useBillingStatus();
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const alert = status.data?.alerts.find((a) => !dismissed.has(alertKey(a)));
  const plans = useQuery({
    ...ui.context.queries.plans(),
    enabled: alert?.type === 'downgrade_scheduled',
  });
  const portal = usePortal();
  const resume = useResume();
  const confirm = useConfirmPayment();
  const returnState = ui.context.checkoutReturn;

  const base = { ...rest, className: cls('banner', className) };
  const frame = (severity: Severity, message: string, extra?: ReactNode) => (
    <>
      <Icon name={severity} className={cls('banner-icon')} />
      <div className={cls('banner-body')}>
        <p className={cls('banner-message')}>{message}</p>
      </div>
      {extra}
    </>
  );
  if (returnState === 'polling' || returnState === 'timed_out') {
    return (
      <div
        {...base}
        role="status"
        data-state="checkout_return"
        data-return={returnState}
        data-severity="info"
      >
        {frame(
          'info',
          returnState === 'polling' ? l.checkoutReturnPending : l.checkoutReturnTimedOut,
        )}
      </div>
    );
  }
  if (status.isError && !status.data) {
    return (
      <div {...base} role="status" data-state="error" data-severity="warning">
        {frame(
          'warning',
          l.statusError,
          <div className={cls('banner-actions')}>
            <button
              type="button"
              className={cls('button')}
              data-variant="secondary"
              onClick={() => void status.refetch()}
            >
              {l.retry}
            </button>
          </div>,
        )}
      </div>
    );
  }
  if (!status.data || !alert) {
    return <div {...base} role="status" data-state={status.data ? 'empty' : 'loading'} />;
  }

  const { message, actionLabel, action } = describeAlert(alert, ui, plans.data, status.data.access);
  const severity = severityOf(alert);
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
  const variant = severity === 'info' ? 'secondary' : 'primary';

  return (
    <div
      {...base}
      role={severity === 'critical' ? 'alert' : 'status'}
      data-state={pending ? 'pending' : error ? 'error' : 'visible'}
      data-alert={alert.type}
      data-severity={severity}
      data-status={status.data.status}
    >
      <Icon name={severity} className={cls('banner-icon')} />
      <div className={cls('banner-body')}>
        <p className={cls('banner-message')}>{message}</p>
        {error ? <p className={cls('banner-error')}>{errorText(l, error)}</p> : null}
      </div>
      {action && actionLabel ? (
        <div className={cls('banner-actions')}>
          {action.kind === 'link' || (action.kind === 'choose_plan' && !onChoosePlan) ? (
            <a
              className={cls('button')}
              data-variant={variant}
              href={action.kind === 'link' ? action.href : choosePlanHref}
            >
              {actionLabel}
            </a>
          ) : (
            <button
              type="button"
              className={cls('button')}
              data-variant={variant}
              aria-disabled={pending || undefined}
              data-state={pending ? 'pending' : 'idle'}
              onClick={() => run(action)}
            >
              {pending ? l.working : actionLabel}
            </button>
          )}
        </div>
      ) : null}
      {dismissible && severity === 'info' ? (
        <CloseButton label={l.dismiss} onClick={dismiss} ui={ui} />
      ) : null}
    </div>
  );
}
