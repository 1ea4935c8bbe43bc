'use client';
import { useQuery } from '@tanstack/react-query';
import {
  type BillingStatus,
  canAccess,
  limitOf,
  type UsageResponse,
  withinLimit,
} from '@tollgate/core';
import { useBillingContext } from '../provider/context';
import { useBillingStatus } from './queries';

/**
 * Whether a feature is usable: `loading` until status is known (never a guess), `error` when
 * status could not be loaded (treat as not granted).
 */
export type EntitlementState = 'loading' | 'granted' | 'denied' | 'error';

/** What {@link useEntitlement} returns. */
export interface Entitlement {
  state: EntitlementState;
  /**
   * Why it is denied: access has ended and the free plan lacks the feature (`no_access`), the
   * plan lacks it, or the limit is reached. An ended or never-started customer keeps exactly the
   * free plan's entitlements.
   */
  reason: 'no_access' | 'not_in_plan' | 'limit_reached' | null;
  /** Numeric limit of the plan (-1 = unlimited), or null for an on/off feature. */
  limit: number | null;
  /** Units left under the limit when `usage` was given (`Infinity` when unlimited). */
  remaining: number | null;
  /** The status the decision was made from. */
  status: BillingStatus | undefined;
}

/** @internal The decision itself, pure. */
export function decideEntitlement(
  status: BillingStatus | undefined,
  feature: string,
  usage?: number,
): Entitlement {
  if (!status) return { state: 'loading', reason: null, limit: null, remaining: null, status };
  const value = Object.hasOwn(status.entitlements, feature)
    ? status.entitlements[feature]
    : undefined;
  const limit = typeof value === 'number' ? limitOf(status, feature) : null;
  const remaining =
    limit === null || usage === undefined
      ? null
      : limit < 0
        ? Infinity
        : Math.max(0, limit - usage);
  // The status's entitlements are the plan in effect — the free plan's once access has ended —
  // so they alone decide, exactly as core's canAccess does on the server.
  const reason = !canAccess(status, feature)
    ? status.access === 'none'
      ? 'no_access'
      : 'not_in_plan'
    : usage !== undefined && limit !== null && !withinLimit(status, feature, usage + 1)
      ? 'limit_reached'
      : null;
  return { state: reason ? 'denied' : 'granted', reason, limit, remaining, status };
}

/**
 * @internal A granted feature checked against a meter of `GET /usage`: `limit_reached` when
 * `adding` more units would pass a hard limit (core's `withinLimit`, the rule `recordUsage`
 * enforces); `not_in_plan` when the plan has no such meter.
 */
export function decideMeter(
  granted: Entitlement,
  usage: UsageResponse | undefined,
  meter: string,
  adding: number,
): Entitlement {
  if (!usage) return { ...granted, state: 'loading', reason: null };
  const m = usage.meters.find((x) => x.meter === meter);
  if (!m)
    return { ...granted, state: 'denied', reason: 'not_in_plan', limit: null, remaining: null };
  const remaining = m.included < 0 ? Infinity : Math.max(0, m.included - m.used);
  const fits = withinLimit(usage, meter, m.used + adding);
  return {
    ...granted,
    state: fits ? 'granted' : 'denied',
    reason: fits ? null : 'limit_reached',
    limit: m.included,
    remaining,
  };
}

/**
 * Whether the caller may use `feature` now; with `usage`, whether one more unit fits the limit;
 * with `meter`, whether `adding` (default 1) more units of that metered feature fit its limit this
 * period (from `GET /usage`).
 *
 * @example
 * const { state, remaining } = useEntitlement('projects', { usage: projects.length });
 * const exports = useEntitlement('api', { meter: 'exports' });
 */
export function useEntitlement(
  feature: string,
  options: { usage?: number; meter?: string; adding?: number } = {},
): Entitlement {
  const { data, isError } = useBillingStatus();
  const usage = useQuery({
    ...useBillingContext().queries.usage(),
    enabled: options.meter !== undefined,
  });
  let decision = decideEntitlement(data, feature, options.usage);
  if (options.meter !== undefined && decision.state === 'granted') {
    decision = decideMeter(decision, usage.data, options.meter, options.adding ?? 1);
    if (decision.state === 'loading' && usage.isError) return { ...decision, state: 'error' };
  }
  return decision.state === 'loading' && isError ? { ...decision, state: 'error' } : decision;
}
