'use client';
import { type BillingStatus, canAccess, limitOf, withinLimit } from '@tollgate/core';
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
 * Whether the caller may use `feature` now; with `usage`, whether one more unit fits the limit.
 *
 * @example
 * const { state, remaining } = useEntitlement('projects', { usage: projects.length });
 */
export function useEntitlement(feature: string, options: { usage?: number } = {}): Entitlement {
  const { data, isError } = useBillingStatus();
  const decision = decideEntitlement(data, feature, options.usage);
  return decision.state === 'loading' && isError ? { ...decision, state: 'error' } : decision;
}
