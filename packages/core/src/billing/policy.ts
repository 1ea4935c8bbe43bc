import type { Catalog } from '../catalog/define-plans';
import { BillingError } from '../contract/errors';

/**
 * How long a `past_due` subscription keeps access while Stripe retries the payment.
 * - `'period_end'` (default): `grace` until the current period ends, then `none`.
 * - `{ days: n }`: `grace` for `n` days from the start of the current period — the renewal
 *   invoice that failed is billed there — then `none`.
 * - `'none'`: no grace; access is `none` as soon as a payment fails.
 */
export type PastDueGrace = 'period_end' | 'none' | { days: number };

/**
 * Billing rules a product team may tune. Every field is optional.
 *
 * @example
 * deriveBillingState(snapshot, { catalog, now: new Date(), policy: { pastDueGrace: { days: 7 } } });
 */
export interface BillingPolicy {
  /** Access while `past_due`. Default `'period_end'`. */
  pastDueGrace?: PastDueGrace;
  /** Show `trial_ending` when this many days or fewer are left. Default 3 (when Stripe sends `trial_will_end`). */
  trialEndingDays?: number;
  /**
   * Plan to assume for a subscription whose price is not in the catalog (a legacy or
   * dashboard-made price). Default: the free plan, or the lowest-ranked plan when there is none —
   * unknown prices never grant more than the cheapest tier unless you say so.
   */
  unknownPlan?: string;
}

/** A policy with every default filled in. */
export interface ResolvedPolicy {
  pastDueGrace: PastDueGrace;
  trialEndingDays: number;
  unknownPlan: string | null;
}

/** The defaults: grace until period end, trial alert at 3 days, unknown prices → free plan. */
export const DEFAULT_BILLING_POLICY: Readonly<Required<Omit<BillingPolicy, 'unknownPlan'>>> = {
  pastDueGrace: 'period_end',
  trialEndingDays: 3,
};

function fail(field: string, problem: string): never {
  throw new BillingError('CONFIG_INVALID', `Billing policy: ${field} ${problem}`);
}

/**
 * Fill in defaults and check the policy against the catalog. Throws a `BillingError`
 * `CONFIG_INVALID` naming the field.
 */
export function resolvePolicy(policy: BillingPolicy | undefined, catalog: Catalog): ResolvedPolicy {
  const grace = policy?.pastDueGrace ?? DEFAULT_BILLING_POLICY.pastDueGrace;
  if (typeof grace === 'object') {
    if (!Number.isFinite(grace?.days) || grace.days < 0)
      fail('pastDueGrace.days', 'must be a number of days ≥ 0 (e.g. { days: 7 })');
  } else if (grace !== 'period_end' && grace !== 'none') {
    fail(
      'pastDueGrace',
      `must be 'period_end', 'none' or { days: n }, not ${JSON.stringify(grace)}`,
    );
  }
  const trialEndingDays = policy?.trialEndingDays ?? DEFAULT_BILLING_POLICY.trialEndingDays;
  if (!Number.isFinite(trialEndingDays) || trialEndingDays < 0)
    fail('trialEndingDays', 'must be a number of days ≥ 0');
  const unknownPlan = policy?.unknownPlan ?? null;
  if (unknownPlan !== null && !catalog.get(unknownPlan))
    fail(
      'unknownPlan',
      `"${unknownPlan}" is not in the catalog — use one of: ${catalog.plans.map((p) => p.key).join(', ')}`,
    );
  return { pastDueGrace: grace, trialEndingDays, unknownPlan };
}
