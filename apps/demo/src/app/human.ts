import {
  type BillingStatus,
  type BillingStatusValue,
  type Discount,
  formatMoney,
  type PlansResponse,
} from '@tollgate/core';

/** Stripe's subscription statuses as the demo says them to people. */
const STATUS_TEXT: Record<BillingStatusValue, string> = {
  none: 'No subscription',
  trialing: 'Trial',
  active: 'Active',
  past_due: 'Payment overdue',
  unpaid: 'Unpaid, access paused',
  canceled: 'Canceled',
  paused: 'Paused',
  incomplete: 'Awaiting first payment',
  incomplete_expired: 'First payment not completed',
};

/** A status in words ("Payment overdue"), not Stripe's `past_due`. */
export function statusText(status: BillingStatusValue): string {
  return STATUS_TEXT[status];
}

/** The plan's name from the catalog ("Pro"), falling back to its key. */
export function planName(plans: PlansResponse | undefined, key: string): string {
  return plans?.plans.find((plan) => plan.key === key)?.name ?? key;
}

/** "Pro, monthly" for a status with an interval, "Free" for one without. */
export function planLabel(
  plans: PlansResponse | undefined,
  status: Pick<BillingStatus, 'plan' | 'interval'>,
): string {
  const name = planName(plans, status.plan);
  return status.interval ? `${name}, ${status.interval === 'year' ? 'yearly' : 'monthly'}` : name;
}

const DATE = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });
const DATE_TIME = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/**
 * The demo's one date format, the components' own (medium style, UTC): "Dec 15, 2026"; with
 * `time`, "Dec 15, 2026, 3:04 PM" for moments such as the emulator clock and sent emails.
 */
export function formatDay(iso: string, time = false): string {
  return (time ? DATE_TIME : DATE).format(new Date(iso));
}

/**
 * Where the subscription stands, in words: "Trial until Dec 19, 2026", "Cancels on Jan 5, 2027",
 * "Payment overdue" — never Stripe's `trialing` or an "Active" that is about to end.
 */
export function stateText(status: BillingStatus): string {
  if (status.cancelAt && status.status !== 'canceled') {
    return `Cancels on ${formatDay(status.cancelAt)}`;
  }
  if (status.status === 'trialing' && status.trialEnd) {
    return `Trial until ${formatDay(status.trialEnd)}`;
  }
  return statusText(status.status);
}

/** Statuses after which the subscription is over: the free plan is what the customer has. */
const ENDED = new Set<BillingStatusValue>(['canceled', 'incomplete_expired']);

/** Whether the subscription is over for good (the customer is back on the free plan). */
export const hasEnded = (status: BillingStatus) => ENDED.has(status.status);

/**
 * What the customer may use, in words: "Everything in Pro"; after the subscription ended,
 * "Everything in Free" (the free plan's entitlements apply, nothing waits on a payment);
 * "Kept while the payment is retried" in a past-due grace; else paused until a payment succeeds.
 */
export function accessText(plans: PlansResponse | undefined, status: BillingStatus): string {
  if (status.access === 'grace') return 'Kept while the payment is retried';
  if (status.access === 'full' || hasEnded(status)) {
    return `Everything in ${planName(plans, status.plan)}`;
  }
  return 'Paused until the payment succeeds';
}

/**
 * The label of the subscription's next date: when it ends, changes to a scheduled plan
 * ("Changes to Starter on", "Changes to Pro, yearly on"), the trial turns paid, or it renews.
 */
export function nextDateLabel(plans: PlansResponse | undefined, status: BillingStatus): string {
  if (status.cancelAt) return 'Ends on';
  const change = status.pendingChange;
  if (change?.source === 'schedule') {
    const to =
      change.plan === status.plan ? planLabel(plans, change) : planName(plans, change.plan);
    return `Changes to ${to} on`;
  }
  return status.status === 'trialing' ? 'First payment on' : 'Renews on';
}

/**
 * A subscription's discount in words, with how long it lasts: "20% off for 3 months with
 * LAUNCH20, until Mar 5, 2027", "$5 off forever with TEAM5", "20% off the first invoice".
 */
export function discountText(discount: Discount): string {
  const off =
    discount.percentOff !== null
      ? `${discount.percentOff}%`
      : formatMoney(discount.amountOff ?? 0, discount.currency ?? 'usd', 'en-US', {
          trimWhole: true,
        });
  const lasts =
    discount.duration === 'forever'
      ? 'forever'
      : discount.duration === 'repeating'
        ? `for ${discount.durationInMonths} months`
        : 'the first invoice';
  const code = discount.code ? ` with ${discount.code}` : '';
  const until = discount.endsAt ? `, until ${formatDay(discount.endsAt)}` : '';
  return `${off} off ${lasts}${code}${until}`;
}
