'use client';
import type { Interval, PublicPlan } from '@tollgate/core';
import { forwardRef, type HTMLAttributes, type ReactNode, useState } from 'react';
import { useCheckout } from '../hooks/mutations';
import { usePlans } from '../hooks/queries';
import { useUi } from '../internal/use-ui';
import { PricingTableContext, type PricingTableContextValue } from './context';

/** Props of {@link Root}. */
export interface PricingTableRootProps extends Omit<HTMLAttributes<HTMLElement>, 'children'> {
  children?: ReactNode;
  /** `hosted` (default) leaves for Stripe's page; `embedded` renders Embedded Checkout in place. */
  checkoutMode?: 'hosted' | 'embedded';
  /** Controlled interval. */
  interval?: Interval;
  /** Initial interval when uncontrolled. Default: the current subscription's, else `month`. */
  defaultInterval?: Interval;
  onIntervalChange?: (interval: Interval) => void;
  /** Same-origin paths Stripe returns to after checkout. */
  successPath?: string;
  cancelPath?: string;
  /** Called for "Switch" on a paid plan; the default table opens its PlanSwitcher. */
  onSwitch?: (plan: PublicPlan, interval: Interval, trigger: HTMLElement | null) => void;
  /** Rendered after a checkout session answered in embedded mode (given its client secret). */
  renderEmbedded?: (clientSecret: string) => ReactNode;
  unstyled?: boolean;
}

/**
 * Loads `/plans` and provides them to the parts. Shows a skeleton while loading and the error
 * with a retry button when loading failed; `data-state` is `loading`, `error` or `ready`.
 */
export const Root = forwardRef<HTMLElement, PricingTableRootProps>(function Root(props, ref) {
  const {
    children,
    checkoutMode = 'hosted',
    interval: controlled,
    defaultInterval,
    onIntervalChange,
    successPath,
    cancelPath,
    onSwitch,
    renderEmbedded,
    unstyled,
    className,
    ...rest
  } = props;
  const ui = useUi(unstyled);
  const plans = usePlans();
  const checkout = useCheckout();
  const [own, setOwn] = useState<Interval | null>(defaultInterval ?? null);
  const interval = controlled ?? own ?? plans.data?.current?.interval ?? 'month';
  const base = { ...rest, ref, className: ui.cls('pricing', className) };

  if (plans.isPending) {
    return (
      <section {...base} data-state="loading" aria-busy="true">
        <p role="status" className={ui.cls('skeleton-label')}>
          {ui.labels.plansLoading}
        </p>
        <div className={ui.cls('plans')} aria-hidden="true">
          {[0, 1, 2].map((i) => (
            <div key={i} className={ui.cls('plan')} data-skeleton="" />
          ))}
        </div>
      </section>
    );
  }
  if (plans.isError) {
    return (
      <section {...base} data-state="error">
        <div role="alert" className={ui.cls('error')}>
          <p>{ui.labels.plansError}</p>
          <p>{plans.error.message}</p>
        </div>
        <button
          type="button"
          className={ui.cls('retry')}
          aria-disabled={plans.isFetching || undefined}
          onClick={() => {
            if (!plans.isFetching) void plans.refetch();
          }}
        >
          {ui.labels.retry}
        </button>
      </section>
    );
  }

  const value: PricingTableContextValue = {
    data: plans.data,
    interval,
    setInterval: (next) => {
      setOwn(next);
      onIntervalChange?.(next);
    },
    ui,
    checkout: (plan) =>
      checkout.mutate({
        plan: plan.key,
        interval,
        uiMode: checkoutMode,
        ...(successPath ? { successPath } : {}),
        ...(cancelPath ? { cancelPath } : {}),
      }),
    checkoutPlan:
      checkout.isPending || (checkout.isSuccess && checkout.data.uiMode === 'hosted')
        ? (checkout.variables?.plan ?? null)
        : null,
    onSwitch: onSwitch ?? (() => {}),
  };
  const embedded = checkout.data?.uiMode === 'embedded' ? checkout.data.clientSecret : null;
  return (
    <PricingTableContext.Provider value={value}>
      <section {...base} data-state="ready" data-interval={interval}>
        {children}
        {checkout.isError ? (
          <p role="alert" className={ui.cls('error')}>
            {checkout.error.message}
          </p>
        ) : null}
        {embedded && renderEmbedded ? renderEmbedded(embedded) : null}
      </section>
    </PricingTableContext.Provider>
  );
});
