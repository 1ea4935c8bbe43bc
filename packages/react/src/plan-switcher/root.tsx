import { BillingError } from '@tollgate/core';
import type { ComponentPropsWithRef, ReactNode } from 'react';
import { type ChangePlanResult, useChangePlan } from '../hooks/mutations';
import { useBillingStatus, usePlans, usePreview } from '../hooks/queries';
import { useControllableState } from '../internal/use-controllable-state';
import { useUi } from '../internal/use-ui';
import { errorText } from '../provider/labels';
import { PlanSwitcherContext, type PlanSwitcherContextValue } from './context';
import {
  changeKind,
  type PlanChoice,
  type PlanSwitcherState,
  planChoices,
  planSwitcherState,
  resumeFirst,
} from './state';

/** Props of {@link Root}. */
export interface PlanSwitcherRootProps
  extends Omit<ComponentPropsWithRef<'section'>, 'defaultValue' | 'children'> {
  children?: ReactNode;
  /** Controlled choice. */
  value?: PlanChoice | null;
  /** Initial choice when uncontrolled. */
  defaultValue?: PlanChoice | null;
  onValueChange?: (value: PlanChoice | null) => void;
  /** After the change was applied, scheduled, or its payment confirmed. */
  onDone?: (result: ChangePlanResult) => void;
  /** Rendered first in every state (loading and errors too), e.g. the title. */
  heading?: ReactNode;
  /** Id of the heading the section is labelled by. */
  labelledBy?: string;
  unstyled?: boolean;
}

const BLOCKED: ReadonlySet<PlanSwitcherState> = new Set([
  'loading',
  'error',
  'empty',
  'unavailable',
]);

/**
 * Loads plans and status, holds the chosen change (controlled or not), previews it and applies
 * it. Renders its own loading, error, empty and "no subscription" states; the parts render once
 * there is something to change. `data-state` is a {@link PlanSwitcherState}.
 */
export function Root(props: PlanSwitcherRootProps) {
  const {
    children,
    value,
    defaultValue,
    onValueChange,
    onDone,
    heading,
    labelledBy,
    unstyled,
    className,
    ...rest
  } = props;
  const ui = useUi(unstyled);
  const { labels: l, cls } = ui;
  const plans = usePlans();
  const status = useBillingStatus();
  const [selected, setSelected] = useControllableState<PlanChoice | null>({
    prop: value,
    defaultProp: defaultValue ?? null,
    onChange: onValueChange,
  });
  const isCurrent = (c: PlanChoice) =>
    c.plan === status.data?.plan &&
    c.interval === status.data?.interval &&
    (c.seats === undefined || c.seats === (status.data?.seats ?? c.seats));
  const target = selected && !isCurrent(selected) ? selected : null;
  // Previewed once plans and status are known, and not at all when the server would refuse it
  // (409) until the subscription is resumed.
  const known = plans.data && status.data;
  const waits = !!(target && known && resumeFirst(plans.data!, status.data!, target));
  const preview = usePreview(known && !waits ? target : null);
  const change = useChangePlan();
  const state = planSwitcherState({
    plans: plans.status,
    status: status.status,
    billing: status.data,
    options: plans.data ? planChoices(plans.data).length : 0,
    target,
    resumeFirst: waits,
    preview: preview.status,
    change: change.status,
  });
  const base = {
    ...rest,
    className: cls('switcher', className),
    'data-state': state,
    'aria-labelledby': labelledBy,
  };

  const data = plans.data;
  const billing = status.data;
  const failed = plans.error ?? status.error;
  // One tree shape in every state, so focus inside `heading` survives the data arriving.
  const context: PlanSwitcherContextValue | null =
    BLOCKED.has(state) || !data || !billing
      ? null
      : {
          state,
          ui,
          plans: data,
          status: billing,
          target,
          selected,
          kind: target ? changeKind(data, billing, target) : null,
          select: (choice) => {
            change.reset();
            setSelected(choice);
          },
          preview,
          change,
          confirm: () => {
            if (!target || !preview.data || change.isPending) return;
            change.mutate(
              {
                plan: target.plan,
                interval: target.interval,
                ...(target.seats ? { seats: target.seats } : {}),
                prorationDate: preview.data.prorationDate,
              },
              {
                onSuccess: (result) => onDone?.(result),
                onError: (error) => {
                  if (error instanceof BillingError && error.code === 'PREVIEW_EXPIRED')
                    void preview.refetch();
                },
              },
            );
          },
          planName: (key) => data.plans.find((p) => p.key === key)?.name ?? key,
          isCurrent,
        };
  return (
    <PlanSwitcherContext.Provider value={context}>
      <section {...base} aria-busy={state === 'loading' || undefined}>
        {heading}
        {context ? (
          children
        ) : state === 'loading' ? (
          <p role="status" className={cls('note')}>
            {l.plansLoading}
          </p>
        ) : state === 'error' ? (
          <div role="alert" className={cls('error')}>
            <p>{errorText(l, failed)}</p>
            <button
              type="button"
              className={cls('button')}
              data-variant="secondary"
              onClick={() => void (plans.error ? plans.refetch() : status.refetch())}
            >
              {l.retry}
            </button>
          </div>
        ) : (
          <p role="status" className={cls('note')}>
            {state === 'empty' ? l.switcherEmpty : l.noSubscriptionToChange}
          </p>
        )}
      </section>
    </PlanSwitcherContext.Provider>
  );
}
