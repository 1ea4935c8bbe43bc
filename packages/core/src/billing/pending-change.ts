import type { Catalog } from '../catalog/define-plans';
import type { PendingChange } from '../contract/status';
import { isoOrNull } from './instant';
import type { ResolvedPolicy } from './policy';
import { type PlanInEffect, resolvePlan } from './resolve-plan';
import type { SubscriptionSnapshot } from './snapshot';

/** The scheduled (period-end) change, when its next phase differs from what is in effect. */
export function scheduledChange(
  subscription: SubscriptionSnapshot,
  current: PlanInEffect,
  catalog: Catalog,
  policy: ResolvedPolicy,
): PendingChange | null {
  const next = subscription.scheduledChange;
  if (!next) return null;
  const effectiveAt = isoOrNull(next.startsAt);
  if (effectiveAt === null) return null;
  const target = resolvePlan(catalog, policy, {
    plan: next.plan,
    interval: next.interval ?? current.interval,
  });
  const seats = next.quantity ?? 1;
  // A schedule whose next phase repeats the current one (just created from the subscription) changes nothing.
  if (
    target.key === current.key &&
    target.interval === current.interval &&
    seats === (subscription.quantity ?? 1)
  )
    return null;
  if (target.interval === null) return null;
  return {
    source: 'schedule',
    plan: target.key,
    interval: target.interval,
    ...(next.quantity === undefined ? {} : { seats }),
    effectiveAt,
  };
}

/**
 * An upgrade waiting for its invoice (`pending_if_incomplete`). It applies the moment that
 * invoice is paid, so `effectiveAt` is `now`; `expiresAt` is when Stripe drops it.
 */
export function pendingUpdate(
  subscription: SubscriptionSnapshot,
  current: PlanInEffect,
  now: Date,
  catalog: Catalog,
  policy: ResolvedPolicy,
): PendingChange | null {
  const update = subscription.pendingUpdate;
  if (!update) return null;
  const expiresAt = isoOrNull(update.expiresAt);
  if (expiresAt === null || Date.parse(expiresAt) <= now.getTime()) return null;
  const target = resolvePlan(catalog, policy, {
    plan: update.plan,
    interval: update.interval ?? current.interval,
  });
  if (target.interval === null) return null;
  return {
    source: 'update',
    plan: target.key,
    interval: target.interval,
    ...(update.quantity === undefined ? {} : { seats: update.quantity }),
    effectiveAt: now.toISOString(),
    expiresAt,
  };
}
