import type { Catalog } from '../catalog/define-plans';
import { pastDueGraceEnd, TERMINAL_STATUSES } from './access';
import { DAY_MS, parseInstant } from './instant';
import { type BillingPolicy, resolvePolicy } from './policy';
import type { BillingSnapshot } from './snapshot';

/**
 * Until when `deriveBillingState(snapshot, {now: t, …})` gives what it gives at `now`, for every
 * `t` from `now` up to (not including) the answer, with no write in between: the earliest time
 * edge of the policy still ahead — the trial alert's start (`trialEndingDays` before the trial
 * ends), the trial end, the past-due grace end, the period end. `Infinity` when no edge lies
 * ahead; `now` itself when the status changes with every instant (an upgrade awaiting payment
 * reports `effectiveAt: now`), so nothing derived from it may be kept. Epoch milliseconds.
 *
 * @example
 * const keepUntil = statusExpiresAt(snapshot, { catalog, now, policy });
 * if (keepUntil > now.getTime()) cache.set(userId, status, keepUntil);
 */
export function statusExpiresAt(
  snapshot: BillingSnapshot | null,
  { catalog, now, policy }: { catalog: Catalog; now: Date; policy?: BillingPolicy },
): number {
  const subscription = snapshot?.subscription ?? null;
  if (subscription === null || TERMINAL_STATUSES.has(subscription.status)) return Infinity;
  const at = now.getTime();
  const pendingUntil = parseInstant(subscription.pendingUpdate?.expiresAt);
  if (pendingUntil !== null && pendingUntil.getTime() > at) return at;
  const rules = resolvePolicy(policy, catalog);
  // The trial's edges move only the `trial_ending` alert, shown while trialing.
  const trialEnd =
    subscription.status === 'trialing' && rules.trialEndingDays > 0
      ? parseInstant(subscription.trialEnd)
      : null;
  const edges = [
    trialEnd === null ? null : trialEnd.getTime() - rules.trialEndingDays * DAY_MS,
    trialEnd?.getTime() ?? null,
    subscription.status === 'past_due'
      ? (pastDueGraceEnd(subscription, rules)?.getTime() ?? null)
      : null,
    parseInstant(subscription.currentPeriodEnd)?.getTime() ?? null,
  ];
  let until = Infinity;
  for (const edge of edges) if (edge !== null && edge > at && edge < until) until = edge;
  return until;
}
