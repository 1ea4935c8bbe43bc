import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query';
import {
  BillingError,
  type BillingStatus,
  type ChangePreview,
  type ChangeRequest,
  type PlansResponse,
} from '@tollgate/core';
import { createContext, useContext } from 'react';
import type { ChangePlanResult } from '../hooks/mutations';
import type { useUi } from '../internal/use-ui';
import type { ChangeKind, PlanChoice, PlanSwitcherState } from './state';

/** @internal What the switcher's parts share, once plans and status are loaded. */
export interface PlanSwitcherContextValue {
  state: PlanSwitcherState;
  ui: ReturnType<typeof useUi>;
  plans: PlansResponse;
  status: BillingStatus;
  /** The chosen change (never the current plan), or null. */
  target: PlanChoice | null;
  /** What is chosen, the current plan included (a seat stepper may be back at today's count). */
  selected: PlanChoice | null;
  kind: ChangeKind | null;
  select: (choice: PlanChoice) => void;
  preview: UseQueryResult<ChangePreview>;
  change: UseMutationResult<ChangePlanResult, Error, ChangeRequest>;
  confirm: () => void;
  planName: (key: string) => string;
  isCurrent: (choice: PlanChoice) => boolean;
}

/** @internal */
export const PlanSwitcherContext = createContext<PlanSwitcherContextValue | null>(null);

/** @internal The switcher's shared state; throws a clear error outside `PlanSwitcher.Root`. */
export function useSwitcher(part: string): PlanSwitcherContextValue {
  const value = useContext(PlanSwitcherContext);
  if (!value) {
    throw new BillingError(
      'CONFIG_INVALID',
      `<PlanSwitcher.${part}> must be rendered inside <PlanSwitcher.Root>.`,
    );
  }
  return value;
}
