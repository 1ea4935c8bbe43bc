import type { Interval, PlansResponse, PublicPlan } from '@tollgate/core';
import { BillingError } from '@tollgate/core';
import { createContext, useContext } from 'react';
import type { useUi } from '../internal/use-ui';
import { type ChangeKind, changeKind } from '../plan-switcher/state';

/** What a plan's action is for the caller right now. */
export type PlanAction = 'current' | 'subscribe' | 'trial' | 'change' | 'unavailable' | 'none';

/** @internal */
export interface PricingTableContextValue {
  data: PlansResponse;
  interval: Interval;
  setInterval: (interval: Interval) => void;
  ui: ReturnType<typeof useUi>;
  checkout: (plan: PublicPlan) => void;
  checkoutPlan: string | null;
  onChangePlan: (
    plan: PublicPlan,
    interval: Interval,
    trigger: HTMLElement | null,
    seats?: number,
  ) => void;
  /** The seats chosen on a per-seat plan's card (undefined for other plans). */
  seatsOf: (plan: PublicPlan) => number | undefined;
  setSeats: (plan: PublicPlan, seats: number) => void;
}

/** @internal */
export const PricingTableContext = createContext<PricingTableContextValue | null>(null);
/** @internal */
export const PlanContext = createContext<PublicPlan | null>(null);

function required<T>(value: T | null, part: string, parent: string): T {
  if (value === null) {
    throw new BillingError(
      'CONFIG_INVALID',
      `<PricingTable.${part}> must be rendered inside <PricingTable.${parent}>.`,
    );
  }
  return value;
}

/** @internal */
export function usePricingTable(part: string) {
  return required(useContext(PricingTableContext), part, 'Root');
}

/** @internal */
export function usePlan(part: string) {
  return required(useContext(PlanContext), part, 'Plan');
}

/**
 * @internal The action a plan offers, from the catalog answer, the chosen interval and — on a
 * per-seat plan — the chosen seats (the current plan with other seats is a change).
 */
export function planAction(
  data: PlansResponse,
  plan: PublicPlan,
  interval: Interval,
  seats?: number,
): PlanAction {
  const current = data.current;
  const subscribed = current?.interval != null;
  const sameSeats = seats === undefined || seats === (current?.seats ?? seats);
  if (current?.plan === plan.key && (plan.free || current.interval === interval) && sameSeats)
    return 'current';
  if (plan.free) return 'none';
  if (!plan.prices.some((p) => p.interval === interval)) return 'unavailable';
  if (subscribed) return 'change';
  return data.trialEligible && plan.trialDays > 0 ? 'trial' : 'subscribe';
}

/**
 * @internal Whether the card is the caller's plan: `exact` in the shown interval, `other_interval`
 * when the caller pays for it in the other one (marked in both views), or null.
 */
export function currentMark(
  data: PlansResponse,
  plan: PublicPlan,
  interval: Interval,
): 'exact' | 'other_interval' | null {
  if (data.current?.plan !== plan.key) return null;
  return plan.free || data.current.interval === interval ? 'exact' : 'other_interval';
}

/** @internal Upgrade, downgrade or interval switch, for a subscriber's `change` action. */
export function actionKind(data: PlansResponse, plan: PublicPlan, interval: Interval): ChangeKind {
  return changeKind(data, data.current ?? { plan: '', interval: null }, {
    plan: plan.key,
    interval,
  });
}
