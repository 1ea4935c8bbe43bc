import type { Catalog } from '../catalog/define-plans';
import { seatEntitlements } from '../catalog/seats';
import type { BillingStatus } from '../contract/status';
import { deriveAccess, TERMINAL_STATUSES } from './access';
import { cancelAt, deriveAlerts } from './alerts';
import { isoOrNull } from './instant';
import { pendingUpdate, scheduledChange } from './pending-change';
import { type BillingPolicy, resolvePolicy } from './policy';
import { basePlan, resolvePlan } from './resolve-plan';
import type { BillingSnapshot } from './snapshot';

/** What {@link deriveBillingState} needs besides the snapshot. */
export interface DeriveOptions {
  /** The plan catalog: it supplies the free plan and every plan's entitlements. */
  catalog: Catalog;
  /** The instant to judge against (trial ending, past-due grace). Pass it in: derivation is pure. */
  now: Date;
  policy?: BillingPolicy;
}

/**
 * Turn a stored snapshot into the `BillingStatus` the client sees. Pure and total: any snapshot
 * (or none) gives a status that passes `billingStatusSchema`; only an invalid `policy` throws.
 *
 * - No subscription: status `none`, access `full` — full use of the free plan — and
 *   `trialEligible` unless the customer had a trial before.
 * - `access`: `full` for `trialing`/`active`; `past_due` per `policy.pastDueGrace`; else `none`
 *   (`unpaid`, `paused`, `incomplete`, `incomplete_expired`, `canceled`).
 * - `seats`: the subscription's quantity while access lasts; each `perSeat` entitlement scales with it.
 * - `plan`/`interval`/`entitlements`: the subscribed plan while access is `full` or `grace`;
 *   the free plan (interval null) once access is `none` or without a subscription. When the
 *   catalog has no free plan that is `NO_PLAN_KEY` (`'none'`) with no entitlements.
 * - A price that is not in the catalog resolves by the snapshot's price id, else to
 *   `policy.unknownPlan`, else the free plan, else the lowest-ranked plan — never to a
 *   higher tier than you chose.
 * - `alerts`: ordered per `ALERT_ORDER`, one per type: `action_required` when the latest open
 *   invoice's payment `requires_action` (it then stands in for `payment_failed`);
 *   `payment_failed` for an open invoice with failed attempts; `access_ended` for `canceled`,
 *   `unpaid`, `incomplete_expired`, `paused`; `incomplete` (expires 23 h after the period
 *   start); `trial_ending` within `policy.trialEndingDays`; `cancel_pending`;
 *   `downgrade_scheduled` for any scheduled change of plan or interval. Ended subscriptions
 *   (`canceled`, `incomplete_expired`) report no period, trial, cancellation or pending change.
 * - `pendingChange` prefers an upgrade awaiting payment (`source: 'update'`, effective as soon as
 *   it is paid, so `effectiveAt` = `now`) over a scheduled change; the schedule still alerts.
 * - Dates are normalised to `toISOString()`; unreadable dates become null (and a past-due grace
 *   that cannot be measured ends).
 *
 * @example
 * const status = deriveBillingState(snapshot, { catalog, now: new Date() });
 * if (status.access === 'none') showUpgrade(status.alerts[0]);
 */
export function deriveBillingState(
  snapshot: BillingSnapshot | null,
  { catalog, now, policy }: DeriveOptions,
): BillingStatus {
  const rules = resolvePolicy(policy, catalog);
  const subscription = snapshot?.subscription ?? null;
  const everTrialed = snapshot?.hasHadTrial === true;
  if (subscription === null) {
    const base = basePlan(catalog);
    return {
      plan: base.key,
      interval: null,
      seats: null,
      status: 'none',
      access: 'full',
      alerts: [],
      entitlements: base.entitlements,
      currentPeriodEnd: null,
      trialEnd: null,
      cancelAt: null,
      pendingChange: null,
      discount: null,
      trialEligible: !everTrialed,
    };
  }

  const access = deriveAccess(subscription, now, rules);
  const subscribed = resolvePlan(catalog, rules, subscription);
  const inEffect = access === 'none' ? basePlan(catalog) : subscribed;
  const seats = subscription.quantity ?? 1;
  const plan = catalog.get(inEffect.key);
  const terminal = TERMINAL_STATUSES.has(subscription.status);
  const scheduled = terminal ? null : scheduledChange(subscription, subscribed, catalog, rules);
  const update = terminal ? null : pendingUpdate(subscription, subscribed, now, catalog, rules);

  return {
    plan: inEffect.key,
    interval: inEffect.interval,
    seats: access === 'none' ? null : seats,
    status: subscription.status,
    access,
    alerts: deriveAlerts(subscription, scheduled, now, rules),
    entitlements: plan && access !== 'none' ? seatEntitlements(plan, seats) : inEffect.entitlements,
    currentPeriodEnd: terminal ? null : isoOrNull(subscription.currentPeriodEnd),
    trialEnd: terminal ? null : isoOrNull(subscription.trialEnd),
    cancelAt: cancelAt(subscription),
    pendingChange: update ?? scheduled,
    discount: terminal ? null : (subscription.discount ?? null),
    trialEligible: !everTrialed && subscription.trialStart === null,
  };
}
