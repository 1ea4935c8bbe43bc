import type { BillingStatus } from '../contract/status';
import type { UsageResponse } from '../contract/usage';
import { meterAllows } from './usage';

/** The part of a `BillingStatus` entitlement checks read. */
export type EntitlementSource = Pick<BillingStatus, 'entitlements'>;

/**
 * Whether the plan in effect grants a feature. A boolean entitlement is taken as is; a numeric
 * limit grants the feature unless it is 0. Unknown features are not granted. A status derived
 * by `deriveBillingState` already carries the free plan's entitlements when there is no
 * subscription or access is `none`, so this needs no catalog.
 *
 * @example
 * if (canAccess(status, 'api_access')) showApiKeys();
 */
export function canAccess(state: EntitlementSource, feature: string): boolean {
  const value = Object.hasOwn(state.entitlements, feature)
    ? state.entitlements[feature]
    : undefined;
  if (typeof value === 'boolean') return value;
  return typeof value === 'number' && value !== 0;
}

/**
 * A numeric limit of the plan in effect: `-1` means unlimited; 0 when the plan does not set it
 * (or sets it as a boolean feature).
 *
 * @example
 * const max = limitOf(status, 'projects'); // 3, or -1 for unlimited
 */
export function limitOf(state: EntitlementSource, limit: string): number {
  const value = Object.hasOwn(state.entitlements, limit) ? state.entitlements[limit] : undefined;
  return typeof value === 'number' ? value : 0;
}

/** The part of `GET /usage` metered limit checks read. */
export type MeterSource = Pick<UsageResponse, 'meters'>;

/**
 * Whether `usage` fits the plan's limit (`usage ≤ limit`; always true for `-1`). Pass the usage
 * the action would lead to — to ask "may they create one more project?", pass `count + 1`.
 * Given `GET /usage` and a meter, the metered rule: a hard limit caps the period's usage at the
 * included amount, a soft one allows more (billed as overage) — what `recordUsage` enforces.
 *
 * @example
 * if (!withinLimit(status, 'projects', projects.length + 1)) return upgradePrompt();
 * const calls = usage.meters.find((m) => m.meter === 'api_calls');
 * if (calls && !withinLimit(usage, 'api_calls', calls.used + 1)) return upgradePrompt();
 */
export function withinLimit(
  state: EntitlementSource | MeterSource,
  limit: string,
  usage: number,
): boolean {
  if ('meters' in state) {
    const meter = state.meters.find((m) => m.meter === limit);
    return meter !== undefined && meterAllows(meter, usage);
  }
  const max = limitOf(state, limit);
  if (max === -1) return true;
  return Number.isFinite(usage) && usage <= max;
}
