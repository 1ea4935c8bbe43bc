'use client';
import { BillingError, type Interval } from '@tollgate/core';
import { forwardRef, type HTMLAttributes, useEffect, useId, useRef, useState } from 'react';
import { type ChangePlanResult, useChangePlan, useResume } from '../hooks/mutations';
import { useBillingStatus, usePlans, usePreview } from '../hooks/queries';
import { useUi } from '../internal/use-ui';
import { PreviewPanel } from './preview-panel';

const CHANGEABLE = new Set(['active', 'trialing', 'past_due']);

/** A plan and interval to switch to. */
export interface PlanChoice {
  plan: string;
  interval: Interval;
}

/** Where the switcher stands, as `data-state`; `unavailable` without a subscription to change. */
export type PlanSwitcherState =
  | 'loading'
  | 'unavailable'
  | 'idle'
  | 'previewing'
  | 'ready'
  | 'pending'
  | 'done'
  | 'error';

/** Props of {@link PlanSwitcher}. */
export interface PlanSwitcherProps extends Omit<HTMLAttributes<HTMLElement>, 'defaultValue'> {
  /** Controlled selection. */
  value?: PlanChoice | null;
  /** Initial selection when uncontrolled. */
  defaultValue?: PlanChoice | null;
  onValueChange?: (value: PlanChoice) => void;
  /** After the change was applied, scheduled, or its payment confirmed. */
  onDone?: (result: ChangePlanResult) => void;
  /** Shows a Cancel button that calls this. */
  onCancel?: () => void;
  /** Move focus to the switcher's heading when it mounts (e.g. opened from a button). */
  autoFocus?: boolean;
  unstyled?: boolean;
}

/**
 * Plans × intervals as a radio group. Selecting one asks the server for a preview (credit for
 * unused time, charge for the rest, total due today, next bill — or the date a downgrade takes
 * effect); Confirm applies it, completing 3-D Secure with stripe.js when the bank asks.
 * A scheduled downgrade can be dropped here too.
 *
 * @example
 * <PlanSwitcher onDone={() => router.push('/billing')} />
 */
export const PlanSwitcher = forwardRef<HTMLElement, PlanSwitcherProps>(
  function PlanSwitcher(props, ref) {
    const {
      value,
      defaultValue,
      onValueChange,
      onDone,
      onCancel,
      autoFocus,
      unstyled,
      className,
      ...rest
    } = props;
    const ui = useUi(unstyled);
    const { labels: l, cls, money, date } = ui;
    const plans = usePlans();
    const status = useBillingStatus();
    const [own, setOwn] = useState<PlanChoice | null>(defaultValue ?? null);
    const selected = value === undefined ? own : value;
    const isCurrent = (c: PlanChoice | null) =>
      !!c && c.plan === status.data?.plan && c.interval === status.data?.interval;
    const target = selected && !isCurrent(selected) ? selected : null;
    const preview = usePreview(target?.plan ?? null, target?.interval ?? 'month');
    const change = useChangePlan();
    const resume = useResume();
    const [result, setResult] = useState<ChangePlanResult | null>(null);
    const headingId = useId();
    const heading = useRef<HTMLHeadingElement>(null);
    const name = useId();

    useEffect(() => {
      if (autoFocus) heading.current?.focus();
    }, [autoFocus]);

    const select = (next: PlanChoice) => {
      setOwn(next);
      setResult(null);
      change.reset();
      onValueChange?.(next);
    };
    const confirm = () => {
      if (!target || !preview.data || change.isPending) return;
      change.mutate(
        { plan: target.plan, interval: target.interval, prorationDate: preview.data.prorationDate },
        {
          onSuccess: (r) => {
            setResult(r);
            setOwn(null);
            onDone?.(r);
          },
          onError: (error) => {
            if (error instanceof BillingError && error.code === 'PREVIEW_EXPIRED')
              void preview.refetch();
          },
        },
      );
    };

    const base = {
      ...rest,
      ref,
      className: cls('switcher', className),
      'aria-labelledby': headingId,
    };
    const title = (
      <h2 id={headingId} ref={heading} tabIndex={-1} className={cls('switcher-title')}>
        {l.switcherTitle}
      </h2>
    );
    if (!plans.data || !status.data) {
      const error = plans.error ?? status.error;
      return (
        <section {...base} data-state={error ? 'error' : 'loading'} aria-busy={!error || undefined}>
          {title}
          {error ? (
            <div role="alert">
              <p>{error.message}</p>
              <button
                type="button"
                onClick={() => void (plans.error ? plans.refetch() : status.refetch())}
              >
                {l.retry}
              </button>
            </div>
          ) : (
            <p role="status">{l.plansLoading}</p>
          )}
        </section>
      );
    }

    // Only a live subscription can change plan; anyone else would get 409 NO_SUBSCRIPTION.
    if (!CHANGEABLE.has(status.data.status)) {
      return (
        <section {...base} data-state="unavailable">
          {title}
          <p>{l.noSubscriptionToChange}</p>
        </section>
      );
    }

    const planName = (key: string) => plans.data.plans.find((p) => p.key === key)?.name ?? key;
    const scheduled =
      status.data.pendingChange?.source === 'schedule' ? status.data.pendingChange : null;
    const state: PlanSwitcherState = change.isPending
      ? 'pending'
      : change.isError
        ? 'error'
        : result
          ? 'done'
          : !target
            ? 'idle'
            : preview.data
              ? 'ready'
              : preview.isError
                ? 'error'
                : 'previewing';
    const scheduledChange = preview.data?.effective === 'period_end';
    const changeError = change.error;
    const hostedInvoiceUrl =
      changeError instanceof BillingError &&
      typeof changeError.details?.hostedInvoiceUrl === 'string'
        ? changeError.details.hostedInvoiceUrl
        : null;

    return (
      <section {...base} data-state={state}>
        {title}
        {scheduled ? (
          <div className={cls('switcher-scheduled')} data-pending-change={scheduled.plan}>
            <p>{l.scheduledNote(planName(scheduled.plan), date(scheduled.effectiveAt))}</p>
            <button
              type="button"
              aria-disabled={resume.isPending || undefined}
              onClick={() => {
                if (!resume.isPending) resume.mutate({ undo: 'scheduled_change' });
              }}
            >
              {resume.isPending ? l.working : l.keepPlan}
            </button>
            {resume.isError ? <p role="alert">{resume.error.message}</p> : null}
          </div>
        ) : null}
        <fieldset className={cls('switcher-options')} disabled={change.isPending}>
          <legend>{l.switcherLegend}</legend>
          {plans.data.plans
            .filter((plan) => !plan.free)
            .flatMap((plan) =>
              plan.prices.map((price) => {
                const choice = { plan: plan.key, interval: price.interval };
                const current = isCurrent(choice);
                const checked = selected?.plan === plan.key && selected.interval === price.interval;
                return (
                  <label
                    key={`${plan.key}:${price.interval}`}
                    className={cls('switcher-option')}
                    data-state={checked ? 'checked' : 'unchecked'}
                    data-current={current ? '' : undefined}
                  >
                    <input
                      type="radio"
                      name={name}
                      checked={checked}
                      disabled={current}
                      onChange={() => select(choice)}
                    />
                    <span>
                      {l.optionLabel(
                        plan.name,
                        price.interval,
                        `${money(price.amount, price.currency)} ${l.perInterval(price.interval)}`,
                      )}
                      {current ? ` ${l.currentSuffix}` : null}
                    </span>
                  </label>
                );
              }),
            )}
        </fieldset>
        <div
          className={cls('preview')}
          aria-live="polite"
          aria-busy={state === 'previewing' || undefined}
        >
          {state === 'previewing' ? <p>{l.previewLoading}</p> : null}
          {target && preview.isError ? (
            <div role="alert">
              <p>
                {l.previewError} {preview.error.message}
              </p>
              <button type="button" onClick={() => void preview.refetch()}>
                {l.retry}
              </button>
            </div>
          ) : null}
          {target && preview.data ? <PreviewPanel preview={preview.data} ui={ui} /> : null}
          {result ? (
            <p role="status" className={cls('switcher-result')}>
              {result.outcome === 'confirmed'
                ? l.paymentConfirmed
                : result.outcome === 'scheduled'
                  ? l.changeScheduled(
                      planName(result.status.pendingChange?.plan ?? result.status.plan),
                      date(
                        result.status.pendingChange?.effectiveAt ??
                          result.status.currentPeriodEnd ??
                          '',
                      ),
                    )
                  : l.changeApplied(planName(result.status.plan))}
            </p>
          ) : null}
        </div>
        {changeError ? (
          <div role="alert" className={cls('error')}>
            <p>
              {changeError instanceof BillingError && changeError.code === 'PAYMENT_FAILED'
                ? l.scaFailed(changeError.message)
                : changeError.message}
            </p>
            {hostedInvoiceUrl ? <a href={hostedInvoiceUrl}>{l.payInvoice}</a> : null}
          </div>
        ) : null}
        <div className={cls('switcher-actions')}>
          {target ? (
            <button
              type="button"
              className={cls('action')}
              data-state={change.isPending ? 'pending' : 'idle'}
              aria-disabled={!preview.data || change.isPending || undefined}
              onClick={confirm}
            >
              {change.isPending
                ? l.confirming
                : scheduledChange
                  ? l.scheduleChange
                  : l.confirmChange}
            </button>
          ) : null}
          {onCancel ? (
            <button type="button" className={cls('secondary')} onClick={onCancel}>
              {state === 'done' ? l.close : l.cancel}
            </button>
          ) : null}
        </div>
      </section>
    );
  },
);
