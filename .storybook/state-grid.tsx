import { QueryClient } from '@tanstack/react-query';
import type { BillingStatus } from '@tollgate/core';
import { BillingProvider } from '@tollgate/react';
import { type ReactNode, useId, useState } from 'react';
import type { BillingScenario, MockBillingApi } from './msw';
import { billingFor, statuses } from './scenarios';

/** A state an overview can show: a named status fixture. */
export type GridState = keyof typeof statuses;

/** How each state is titled in an overview. */
export const STATE_TITLES: Record<GridState, string> = {
  free: 'Free',
  freeAfterTrial: 'Free (trial used)',
  trialing: 'Trialing',
  trialEnding: 'Trial ending',
  trialEndingNoCard: 'Trial ending, no card',
  activeMonthly: 'Active, monthly',
  activeYearly: 'Active, yearly',
  cancelPending: 'Cancel pending',
  downgradeScheduled: 'Downgrade scheduled',
  upgradePending: 'Upgrade awaiting payment',
  pastDueAttempt1: 'Past due, first attempt',
  pastDueAttempt2: 'Past due, second attempt',
  pastDueFinal: 'Past due, final attempt',
  actionRequired: 'Action required (SCA)',
  unpaid: 'Unpaid',
  canceled: 'Canceled',
  paused: 'Paused',
  incomplete: 'Incomplete',
  incompleteExpired: 'Incomplete, expired',
  starterMonthly: 'Starter, monthly',
  proYearlyFromToday: 'Pro, yearly from today',
};

const basePathOf = (state: string) => `/api/billing-${state}`;

/**
 * One mocked server per state, each under its own base path (`/api/billing-pastDueFinal`), so
 * an overview renders every state side by side from the same fixtures as the single stories.
 */
export function gridApis(
  states: readonly GridState[],
  overrides: (status: BillingStatus) => BillingScenario = () => ({}),
): MockBillingApi[] {
  return states.map((state) =>
    billingFor(statuses[state], { ...overrides(statuses[state]), basePath: basePathOf(state) }),
  );
}

function StateCell(props: { state: GridState; locale: string; children: ReactNode }) {
  const [queryClient] = useState(() => new QueryClient());
  const id = useId();
  return (
    <section aria-labelledby={id} className="tollgate-story-cell" data-story-state={props.state}>
      <h2 id={id} className="tollgate-story-cell-title">
        {STATE_TITLES[props.state]}
      </h2>
      <BillingProvider
        baseUrl={basePathOf(props.state)}
        queryClient={queryClient}
        locale={props.locale}
        checkoutReturn={false}
        navigate={() => {}}
      >
        {props.children}
      </BillingProvider>
    </section>
  );
}

/** Renders `children` once per state, each inside a provider talking to that state's server. */
export function StateGrid(props: {
  states: readonly GridState[];
  locale: string;
  children: (state: GridState) => ReactNode;
}) {
  return (
    <div className="tollgate-story-grid">
      {props.states.map((state) => (
        <StateCell key={state} state={state} locale={props.locale}>
          {props.children(state)}
        </StateCell>
      ))}
    </div>
  );
}
