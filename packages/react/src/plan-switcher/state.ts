import type { BillingStatus, Interval, PlansResponse, PublicPlan } from '@tollgate/core';

/** A plan and interval to change to, and the seats on a per-seat plan. */
export interface PlanChoice {
  plan: string;
  interval: Interval;
  seats?: number | undefined;
}

/**
 * Where the switcher stands, as `data-state`: loading its data, `error` when it could not,
 * `empty` when the catalog sells nothing, `unavailable` when there is no live subscription to
 * change (each change would end in 409 NO_SUBSCRIPTION; checkout is the way in), then `idle` → `previewing` → `ready` (or `preview_error`) →
 * `pending` → `done` (or `change_error`). `cancel_pending` instead of a preview when the chosen
 * change starts at period end and the subscription is set to end then: it must be resumed first.
 */
export type PlanSwitcherState =
  | 'loading'
  | 'error'
  | 'empty'
  | 'unavailable'
  | 'idle'
  | 'cancel_pending'
  | 'previewing'
  | 'preview_error'
  | 'ready'
  | 'pending'
  | 'done'
  | 'change_error';

/** Query and mutation statuses, in TanStack Query's words. */
type QueryStatus = 'pending' | 'error' | 'success';

/** Everything the switcher's state depends on. */
export interface PlanSwitcherInputs {
  plans: QueryStatus;
  status: QueryStatus;
  /** The caller's status, once loaded. */
  billing: BillingStatus | undefined;
  /** Paid plan × interval options the catalog offers. */
  options: number;
  /** A chosen change other than the current plan, or null. */
  target: PlanChoice | null;
  /** Whether the target waits for the subscription to be resumed ({@link resumeFirst}). */
  resumeFirst: boolean;
  preview: QueryStatus;
  change: 'idle' | QueryStatus;
}

const CHANGEABLE: ReadonlySet<string> = new Set(['active', 'trialing', 'past_due']);

/** Whether the caller has a live subscription a change can apply to (else checkout is the way in). */
export function hasSubscription(billing: BillingStatus): boolean {
  return CHANGEABLE.has(billing.status);
}

/** The switcher's state: one pure function of its inputs, earliest blocker first. */
export function planSwitcherState(inputs: PlanSwitcherInputs): PlanSwitcherState {
  if (inputs.plans === 'error' || inputs.status === 'error') return 'error';
  if (inputs.plans === 'pending' || inputs.status === 'pending' || !inputs.billing) {
    return 'loading';
  }
  if (inputs.options === 0) return 'empty';
  if (!hasSubscription(inputs.billing)) return 'unavailable';
  if (inputs.change === 'pending') return 'pending';
  if (inputs.change === 'success') return 'done';
  if (inputs.change === 'error') return 'change_error';
  if (!inputs.target) return 'idle';
  if (inputs.resumeFirst) return 'cancel_pending';
  if (inputs.preview === 'error') return 'preview_error';
  return inputs.preview === 'success' ? 'ready' : 'previewing';
}

const rankOf = (data: PlansResponse, key: string) =>
  data.plans.find((p) => p.key === key)?.rank ?? 0;

/**
 * What a change is, for its button: a higher rank, a lower one, the same plan's other interval,
 * or the same plan and interval with other seats.
 */
export type ChangeKind = 'upgrade' | 'downgrade' | 'interval' | 'seats';

/** The kind of change from `current` to `target`, from the catalog's ranks. */
export function changeKind(
  data: PlansResponse,
  current: { plan: string; interval: Interval | null },
  target: PlanChoice,
): ChangeKind {
  if (target.plan === current.plan)
    return target.interval === current.interval ? 'seats' : 'interval';
  return rankOf(data, target.plan) > rankOf(data, current.plan) ? 'upgrade' : 'downgrade';
}

/**
 * Whether `target` must wait for the subscription to be resumed: the subscription is set to end
 * (`cancelAt`) and the change starts at period end, as the server classifies it — a lower rank,
 * the same rank monthly, or fewer seats. Stripe holds such a change on a schedule, which a
 * subscription set to cancel cannot have, so the server refuses it until `/resume`.
 */
export function resumeFirst(data: PlansResponse, billing: BillingStatus, target: PlanChoice) {
  const up = rankOf(data, target.plan) - rankOf(data, billing.plan);
  return (
    !!billing.cancelAt &&
    (target.plan === billing.plan && target.interval === billing.interval
      ? (target.seats ?? 0) < (billing.seats ?? 0)
      : up < 0 || (!up && target.interval === 'month'))
  );
}

/** The seats a per-seat plan starts at: the caller's own on that plan, else its minimum. */
export function startingSeats(
  plan: PublicPlan,
  current: { plan: string; seats?: number | null } | null,
): number | undefined {
  if (!plan.seats) return undefined;
  const own = current?.plan === plan.key ? current.seats : null;
  return Math.min(
    plan.seats.max ?? Number.MAX_SAFE_INTEGER,
    Math.max(plan.seats.min, own ?? plan.seats.min),
  );
}

/** Every paid plan × interval the catalog sells, in catalog order. */
export function planChoices(data: PlansResponse): { plan: PublicPlan; choice: PlanChoice }[] {
  return data.plans
    .filter((plan) => !plan.free)
    .flatMap((plan) =>
      plan.prices.map((price) => ({ plan, choice: { plan: plan.key, interval: price.interval } })),
    );
}
