import type { Interval, PublicPlan } from '@tollgate/core';
import { type ComponentPropsWithRef, type ReactNode, useState } from 'react';
import { useCheckout } from '../hooks/mutations';
import { usePlans } from '../hooks/queries';
import { useControllableState } from '../internal/use-controllable-state';
import { useUi } from '../internal/use-ui';
import { startingSeats } from '../plan-switcher/state';
import { errorText } from '../provider/labels';
import { PricingTableContext, type PricingTableContextValue } from './context';

/** Props of {@link Root}. */
export interface PricingTableRootProps extends Omit<ComponentPropsWithRef<'section'>, 'children'> {
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
  /**
   * Called for "Upgrade", "Downgrade" or "Switch to yearly" on a subscriber's card; the default
   * table opens the change dialog for that plan.
   */
  onChangePlan?: (
    plan: PublicPlan,
    interval: Interval,
    trigger: HTMLElement | null,
    seats?: number,
  ) => void;
  /** Rendered after a checkout session answered in embedded mode (given its client secret). */
  renderEmbedded?: (clientSecret: string) => ReactNode;
  unstyled?: boolean;
}

/**
 * Loads `/plans` and provides them to the parts. Shows a skeleton while loading, the error with a
 * retry button when loading failed, and a note when the catalog sells nothing; `data-state` is
 * `loading`, `error`, `empty` or `ready`.
 */
export function Root(props: PricingTableRootProps) {
  const {
    children,
    checkoutMode = 'hosted',
    interval: controlled,
    defaultInterval,
    onIntervalChange,
    successPath,
    cancelPath,
    onChangePlan,
    renderEmbedded,
    unstyled,
    className,
    ...rest
  } = props;
  const ui = useUi(unstyled);
  const plans = usePlans();
  const checkout = useCheckout();
  const [chosen, setInterval] = useControllableState<Interval | null>({
    prop: controlled,
    defaultProp: defaultInterval ?? null,
    onChange: (next) => {
      if (next) onIntervalChange?.(next);
    },
  });
  const interval = chosen ?? plans.data?.current?.interval ?? 'month';
  const [seatCounts, setSeatCounts] = useState<Record<string, number>>({});
  const base = { ...rest, className: ui.cls('pricing', className) };

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
          <p>{errorText(ui.labels, plans.error)}</p>
        </div>
        <button
          type="button"
          className={ui.cls('button')}
          data-variant="secondary"
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

  if (!plans.data.plans.length) {
    return (
      <section {...base} data-state="empty">
        <p role="status" className={ui.cls('note')}>
          {ui.labels.plansEmpty}
        </p>
      </section>
    );
  }

  const seatsOf = (plan: PublicPlan) =>
    plan.seats ? (seatCounts[plan.key] ?? startingSeats(plan, plans.data.current)) : undefined;
  const value: PricingTableContextValue = {
    data: plans.data,
    seatsOf,
    setSeats: (plan, seats) => setSeatCounts((counts) => ({ ...counts, [plan.key]: seats })),
    interval,
    setInterval,
    ui,
    checkout: (plan) =>
      checkout.mutate({
        plan: plan.key,
        interval,
        ...(plan.seats ? { seats: seatsOf(plan) } : {}),
        uiMode: checkoutMode,
        ...(successPath ? { successPath } : {}),
        ...(cancelPath ? { cancelPath } : {}),
      }),
    checkoutPlan:
      checkout.isPending || (checkout.isSuccess && checkout.data.uiMode === 'hosted')
        ? (checkout.variables?.plan ?? null)
        : null,
    onChangePlan: onChangePlan ?? (() => {}),
  };
  const embedded = checkout.data?.uiMode === 'embedded' ? checkout.data.clientSecret : null;
  return (
    <PricingTableContext.Provider value={value}>
      <section {...base} data-state="ready" data-interval={interval}>
        {children}
        {checkout.isError ? (
          <p role="alert" className={ui.cls('error')}>
            {errorText(ui.labels, checkout.error)}
          </p>
        ) : null}
        {embedded && renderEmbedded ? renderEmbedded(embedded) : null}
      </section>
    </PricingTableContext.Provider>
  );
}
