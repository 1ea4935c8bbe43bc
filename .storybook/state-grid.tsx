import { QueryClient } from '@tanstack/react-query';
import type { BillingStatus } from '@tollgate/core';
import { BillingProvider } from '@tollgate/react';
import { type ReactNode, useId, useState } from 'react';
import { type BillingScenario, type MockBillingApi, mockBillingApi } from './msw';
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

/** One cell of an overview: its own mocked server, and optional props for the component. */
export interface GridCell<P = Record<string, unknown>> {
  id: string;
  title: string;
  scenario: BillingScenario;
  props?: P;
}

const basePathOf = (id: string) => `/api/billing-${id}`;

/** One cell per status fixture, each server built with {@link billingFor}. */
export function stateCells(
  states: readonly GridState[],
  overrides: (status: BillingStatus) => BillingScenario = () => ({}),
): GridCell[] {
  return states.map((state) => ({
    id: state,
    title: STATE_TITLES[state],
    scenario: billingFor(statuses[state], overrides(statuses[state])).scenario,
  }));
}

/**
 * One mocked server per cell, each under its own base path (`/api/billing-pastDueFinal`), so an
 * overview renders every state side by side from the same fixtures as the single stories.
 */
export function gridApis(cells: readonly GridCell<unknown>[]): MockBillingApi[] {
  return cells.map((cell) => mockBillingApi({ ...cell.scenario, basePath: basePathOf(cell.id) }));
}

function Cell(props: { cell: GridCell<unknown>; locale: string; children: ReactNode }) {
  const [queryClient] = useState(() => new QueryClient());
  const id = useId();
  return (
    <section aria-labelledby={id} className="tollgate-story-cell" data-story-state={props.cell.id}>
      <h2 id={id} className="tollgate-story-cell-title">
        {props.cell.title}
      </h2>
      <BillingProvider
        baseUrl={basePathOf(props.cell.id)}
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

/** Renders `children` once per cell, each inside a provider talking to that cell's server. */
export function StateGrid<P>(props: {
  cells: readonly GridCell<P>[];
  locale: string;
  children: (cell: GridCell<P>) => ReactNode;
}) {
  return (
    <div className="tollgate-story-grid">
      {props.cells.map((cell) => (
        <Cell key={cell.id} cell={cell} locale={props.locale}>
          {props.children(cell)}
        </Cell>
      ))}
    </div>
  );
}

/** The cell element of an overview, for play functions. */
export function gridCell(canvasElement: HTMLElement, id: string): HTMLElement {
  const cell = canvasElement.querySelector<HTMLElement>(`[data-story-state="${id}"]`);
  if (!cell) throw new Error(`The overview has no cell "${id}".`);
  return cell;
}
