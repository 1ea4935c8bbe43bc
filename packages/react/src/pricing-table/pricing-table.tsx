'use client';
import { useQueryClient } from '@tanstack/react-query';
import type { Interval, PublicPlan } from '@tollgate/core';
import { forwardRef, lazy, Suspense, useRef, useState } from 'react';
import { useUi } from '../internal/use-ui';
import { PlanSwitcher } from '../plan-switcher/plan-switcher';
import { billingKeys } from '../queries/billing-queries';
import {
  Action,
  Badges,
  Description,
  Features,
  IntervalToggle,
  Name,
  Plan,
  Plans,
  Price,
} from './parts';
import { type PricingTableRootProps, Root } from './root';

const EmbeddedCheckoutFrame = lazy(() => import('./embedded-checkout'));

/** Props of {@link PricingTable}: those of `PricingTable.Root`, without children. */
export type PricingTableProps = Omit<PricingTableRootProps, 'children' | 'renderEmbedded'>;

/**
 * A ready pricing table: month/year toggle with savings, one card per plan with the action that
 * fits the caller (Subscribe/trial → Stripe Checkout, Switch → an inline PlanSwitcher, Current).
 * For custom layouts compose `PricingTable.Root`, `.IntervalToggle`, `.Plans`, `.Plan`, `.Name`,
 * `.Description`, `.Price`, `.Badges`, `.Features`, `.Action`.
 *
 * @example
 * <PricingTable checkoutMode="embedded" successPath="/billing?done=1" />
 */
const PricingTableDefault = forwardRef<HTMLElement, PricingTableProps>(
  function PricingTable(props, ref) {
    const ui = useUi(props.unstyled);
    const [switching, setSwitching] = useState<{ plan: string; interval: Interval } | null>(null);
    const [closed, setClosed] = useState<string | null>(null);
    const trigger = useRef<HTMLElement | null>(null);
    const queryClient = useQueryClient();
    // Embedded Checkout finished in place: the new subscription arrives by webhook, so refresh.
    const onComplete = () => void queryClient.invalidateQueries({ queryKey: billingKeys.all });
    const close = () => {
      setSwitching(null);
      trigger.current?.focus();
    };
    return (
      <Root
        {...props}
        ref={ref}
        onSwitch={
          props.onSwitch ??
          ((plan: PublicPlan, interval: Interval, element) => {
            trigger.current = element;
            setSwitching({ plan: plan.key, interval });
          })
        }
        renderEmbedded={(clientSecret) =>
          clientSecret !== closed ? (
            <section
              className={ui.cls('embedded')}
              aria-label={ui.labels.checkoutTitle}
              data-state="open"
            >
              <button
                type="button"
                className={ui.cls('embedded-close')}
                onClick={() => setClosed(clientSecret)}
              >
                {ui.labels.closeCheckout}
              </button>
              {ui.context.hasStripe ? (
                <Suspense fallback={null}>
                  <EmbeddedCheckoutFrame
                    clientSecret={clientSecret}
                    stripe={ui.context.getStripe()}
                    onComplete={onComplete}
                  />
                </Suspense>
              ) : (
                <p role="alert">{ui.labels.stripeMissing}</p>
              )}
            </section>
          ) : null
        }
      >
        <IntervalToggle />
        <Plans />
        {switching ? (
          <PlanSwitcher
            key={`${switching.plan}:${switching.interval}`}
            defaultValue={switching}
            autoFocus
            unstyled={props.unstyled}
            onCancel={close}
          />
        ) : null}
      </Root>
    );
  },
);

/** The pricing table, with its parts for custom layouts. */
export const PricingTable = Object.assign(PricingTableDefault, {
  Root,
  IntervalToggle,
  Plans,
  Plan,
  Name,
  Description,
  Price,
  Badges,
  Features,
  Action,
});
