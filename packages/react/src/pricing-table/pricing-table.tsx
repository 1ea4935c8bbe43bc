'use client';
import { useQueryClient } from '@tanstack/react-query';
import type { Interval, PublicPlan } from '@tollgate/core';
import { lazy, Suspense, useState } from 'react';
import { useUi } from '../internal/use-ui';
import { ChangeDialog } from '../plan-switcher/change-dialog';
import type { PlanChoice } from '../plan-switcher/state';
import { billingKeys } from '../queries/billing-queries';
import {
  Action,
  Badges,
  Description,
  Discount,
  Features,
  IntervalToggle,
  Name,
  Plan,
  Plans,
  Price,
  Seats,
} from './parts';
import { type PricingTableRootProps, Root } from './root';

const EmbeddedCheckoutFrame = lazy(() => import('./embedded-checkout'));

/** Props of {@link PricingTable}: those of `PricingTable.Root`, without children. */
export type PricingTableProps = Omit<PricingTableRootProps, 'children' | 'renderEmbedded'>;

/**
 * A ready pricing table: month/year toggle with savings, one card per plan with the action that
 * fits the caller — Subscribe or Start trial (Stripe Checkout) for newcomers; Upgrade, Downgrade
 * or "Switch to yearly" for subscribers, which opens a dialog for that change alone with its
 * exact preview. The catalog's recommended plan is highlighted; the current plan is marked in
 * both intervals. For custom layouts compose `PricingTable.Root`, `.IntervalToggle`, `.Plans`,
 * `.Plan`, `.Name`, `.Description`, `.Price`, `.Discount`, `.Seats`, `.Badges`, `.Features`, `.Action`.
 *
 * @example
 * <PricingTable checkoutMode="embedded" successPath="/billing?done=1" />
 */
function PricingTableDefault(props: PricingTableProps) {
  const ui = useUi(props.unstyled);
  const [changing, setChanging] = useState<{
    choice: PlanChoice;
    trigger: HTMLElement | null;
  } | null>(null);
  const [closed, setClosed] = useState<string | null>(null);
  const queryClient = useQueryClient();
  // Embedded Checkout finished in place: the new subscription arrives by webhook, so refresh.
  const onComplete = () => void queryClient.invalidateQueries({ queryKey: billingKeys.all });
  return (
    <Root
      {...props}
      onChangePlan={
        props.onChangePlan ??
        ((plan: PublicPlan, interval: Interval, trigger, seats) =>
          setChanging({ choice: { plan: plan.key, interval, seats }, trigger }))
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
              className={ui.cls('button')}
              data-variant="secondary"
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
      {changing ? (
        <ChangeDialog
          choice={changing.choice}
          returnFocus={changing.trigger}
          unstyled={props.unstyled}
          onClose={() => setChanging(null)}
        />
      ) : null}
    </Root>
  );
}

/** The pricing table, with its parts for custom layouts. */
export const PricingTable = Object.assign(PricingTableDefault, {
  Root,
  IntervalToggle,
  Plans,
  Plan,
  Name,
  Description,
  Price,
  Discount,
  Seats,
  Badges,
  Features,
  Action,
});
