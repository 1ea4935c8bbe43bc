import type { Catalog, Plan } from '../catalog/define-plans';
import type { Interval } from '../contract/primitives';
import type { ResolvedPolicy } from './policy';

/**
 * The plan key reported when the catalog has no free plan and the customer has no access:
 * `definePlans` reserves it, so it never collides with a real plan.
 */
export const NO_PLAN_KEY = 'none';

/** A plan and interval as far as billing state cares. */
export interface PlanInEffect {
  key: string;
  interval: Interval | null;
  entitlements: Record<string, boolean | number>;
}

/** What a customer without access is on: the free plan, or {@link NO_PLAN_KEY} with nothing. */
export function basePlan(catalog: Catalog): PlanInEffect {
  const free = catalog.freePlan;
  return free
    ? { key: free.key, interval: null, entitlements: { ...free.entitlements } }
    : { key: NO_PLAN_KEY, interval: null, entitlements: {} };
}

/**
 * The catalog plan a subscription item is on: by the snapshot's plan key, else by its price id,
 * else the policy's `unknownPlan`, else the free plan, else the lowest-ranked plan.
 */
export function resolvePlan(
  catalog: Catalog,
  policy: ResolvedPolicy,
  ref: { plan: string | null; interval: Interval | null; priceId?: string },
): PlanInEffect {
  const byKey = ref.plan === null ? undefined : catalog.get(ref.plan);
  const byPrice = ref.priceId ? catalog.findByPrice({ id: ref.priceId }) : undefined;
  const plan: Plan =
    byKey ??
    byPrice?.plan ??
    (policy.unknownPlan === null ? undefined : catalog.get(policy.unknownPlan)) ??
    catalog.freePlan ??
    catalog.plans[0]!;
  return {
    key: plan.key,
    interval: plan.free ? null : (ref.interval ?? byPrice?.interval ?? null),
    entitlements: { ...plan.entitlements },
  };
}
