import type { ErrorCode, Interval } from '@tollgate/core';
import type { ClientErrorCode } from '../client/client-error';
import type { ChangeKind } from '../plan-switcher/state';

const per = (interval: Interval) => (interval === 'month' ? '/ month' : '/ year');
const months = (n: number) => (n === 1 ? '1 month' : `${n} months`);
const seatCount = (n: number) => (n === 1 ? '1 seat' : `${n} seats`);
const period = (interval: Interval) => (interval === 'month' ? 'monthly' : 'yearly');

const RELOAD = 'That request could not be processed. Reload the page and try again.';
const OURS = 'Something went wrong on our side. Try again in a moment.';
const UNAVAILABLE = 'Billing is not available here right now.';
const SUPPORT = 'Billing is not set up correctly. Contact support.';
const UPDATING = 'Your billing is being updated. Try again in a moment.';

/**
 * What users read when something fails, by error code. `BillingError.message` stays for
 * developers (logs, the console); these are for people. Codes a newer server adds fall back to
 * `fallback`.
 */
export const defaultErrorLabels: Record<ErrorCode | ClientErrorCode, string> & {
  fallback: string;
} = {
  INVALID_REQUEST: RELOAD,
  INVALID_JSON: RELOAD,
  UNKNOWN_PLAN: 'That plan is no longer offered. Reload the page to see current plans.',
  UNKNOWN_INTERVAL: 'That billing period is not offered for this plan.',
  INVALID_REDIRECT: SUPPORT,
  INVALID_SEATS: 'That number of seats is not offered for this plan.',
  INVALID_PROMOTION_CODE: 'That promotion code cannot be used. Check it, or continue without one.',
  INVALID_SIGNATURE: OURS,
  SIGNATURE_EXPIRED: OURS,
  UNAUTHENTICATED: 'Your session has ended. Sign in again to manage billing.',
  PAYMENT_FAILED: 'Your payment did not go through. Try another card or pay the invoice.',
  FORBIDDEN_ORIGIN: SUPPORT,
  USAGE_LIMIT_REACHED: 'You have reached your plan’s limit for this period. Upgrade to use more.',
  NOT_FOUND: UNAVAILABLE,
  METHOD_NOT_ALLOWED: UNAVAILABLE,
  ALREADY_SUBSCRIBED: 'You already have a subscription. Change your plan instead.',
  NO_SUBSCRIPTION: 'You have no subscription to change yet. Choose a plan to subscribe.',
  PLAN_UNCHANGED: 'You are already on this plan.',
  PREVIEW_EXPIRED:
    'Prices changed while you were deciding. Check the new amount and confirm again.',
  PAYLOAD_TOO_LARGE: RELOAD,
  UNSUPPORTED_MEDIA_TYPE: RELOAD,
  RATE_LIMITED: 'Too many requests just now. Wait a few seconds and try again.',
  INTERNAL_ERROR: OURS,
  CONFIG_INVALID: SUPPORT,
  STRIPE_UNAVAILABLE: 'Our payment provider is not answering. Try again in a moment.',
  STORE_NOT_MIGRATED: UNAVAILABLE,
  EVENT_IN_PROGRESS: UPDATING,
  SNAPSHOT_CONFLICT: UPDATING,
  NETWORK_ERROR: 'We could not reach the server. Check your connection and try again.',
  INVALID_RESPONSE: 'The server sent an answer we could not read. Reload the page.',
  fallback: 'Something went wrong. Try again in a moment.',
};

/**
 * Every visible string of the components, in English. Override any subset through
 * `<BillingProvider labels={{ subscribe: 'Abonnieren', errors: { RATE_LIMITED: '…' } }}>`.
 * Values that embed data are functions receiving already-formatted (locale-aware) money and dates.
 */
export const defaultLabels = {
  errors: defaultErrorLabels,
  retry: 'Try again',
  // PricingTable
  plansLoading: 'Loading plans…',
  plansError: 'Plans could not be loaded.',
  plansEmpty: 'No plans are on sale right now.',
  intervalLegend: 'Billing period',
  monthly: 'Monthly',
  yearly: 'Yearly',
  save: (percent: number) => `Save ${percent}%`,
  perInterval: per,
  free: 'Free',
  forever: 'forever',
  notOffered: 'Not offered for this period',
  currentPlan: 'Current plan',
  /** The current plan's other interval: marked too, with what it is billed. */
  currentPlanOther: (interval: Interval) => `Current plan, billed ${period(interval)}`,
  recommended: 'Most popular',
  subscribe: 'Subscribe',
  getStarted: 'Get started',
  startTrial: (days: number) => `Start ${days}-day trial`,
  trialBadge: (days: number) => `${days}-day free trial`,
  /** A plan's action for a subscriber: never a bare "Switch". */
  change: (kind: ChangeKind, interval: Interval) =>
    kind === 'upgrade'
      ? 'Upgrade'
      : kind === 'downgrade'
        ? 'Downgrade'
        : kind === 'seats'
          ? 'Update seats'
          : `Switch to ${period(interval)}`,
  // Seats
  perSeat: (interval: Interval) => `per seat ${per(interval)}`,
  fromPerSeat: 'from',
  seatsIncluded: (n: number) => `${n} seats included`,
  seats: 'Seats',
  seatsFor: (plan: string) => `Seats for ${plan}`,
  removeSeat: 'Remove a seat',
  addSeat: 'Add a seat',
  seatCount,
  seatTotal: (seats: number, amount: string, interval: Interval) =>
    `${seatCount(seats)} · ${amount} ${per(interval)}`,
  seatRange: (min: number, max: number | null) =>
    max === null ? `At least ${min}` : `${min} to ${max}`,
  // Discounts and tax
  /** "20% off for 3 months", "$5 off forever", "20% off the first invoice". */
  discountTerms: (off: string, duration: 'once' | 'repeating' | 'forever', n: number | null) =>
    duration === 'forever'
      ? `${off} off forever`
      : duration === 'repeating' && n
        ? `${off} off for ${months(n)}`
        : `${off} off the first invoice`,
  withCode: (terms: string, code: string) => `${terms} with ${code}`,
  discountUntil: (date: string) => `until ${date}`,
  /** The subscription's own discount, on its plan. */
  yourDiscount: (terms: string) => `Your discount: ${terms}`,
  subtotal: 'Subtotal',
  tax: (label: string, percentage: number | null, inclusive: boolean) =>
    `${inclusive ? 'Includes ' : ''}${label || 'Tax'}${percentage === null ? '' : ` (${percentage}%)`}`,
  total: 'Total',
  /** Accessible name of a plan's button: its visible label first, then the plan. */
  actionName: (label: string, plan: string) => `${label} – ${plan}`,
  redirecting: 'Redirecting…',
  features: (plan: string) => `${plan} features`,
  checkoutTitle: 'Checkout',
  closeCheckout: 'Close checkout',
  stripeMissing:
    'Payments are not set up: pass a Stripe publishable key as BillingProvider `stripe`.',
  // PlanSwitcher and the change dialog
  switcherTitle: 'Change plan',
  switcherLegend: 'Plan and billing period',
  switcherEmpty: 'There are no paid plans to change to.',
  /** Only a live subscription (active, trialing, past due) can change plan; others would get 409. */
  noSubscriptionToChange: 'You have no subscription to change yet — choose a plan first.',
  currentSuffix: 'Current plan',
  /** The dialog's title: "Upgrade to Team", "Switch to yearly". */
  changeTitle: (kind: ChangeKind, plan: string, interval: Interval) =>
    kind === 'interval'
      ? `Switch to ${period(interval)} billing`
      : kind === 'seats'
        ? `Change seats on ${plan}`
        : `${kind === 'upgrade' ? 'Upgrade' : 'Downgrade'} to ${plan}`,
  /** What changes and when. */
  changeSummary: (from: string, to: string, when: 'now' | string) =>
    when === 'now' ? `${from} → ${to}, starting today.` : `${from} → ${to}, starting ${when}.`,
  previewLoading: 'Calculating the exact amount…',
  previewError: 'The amount for this change could not be calculated.',
  linePeriod: (start: string, end: string) => `${start} – ${end}`,
  dueToday: 'Due today',
  nextBill: 'Next bill',
  nextBillOn: (amount: string, date: string) => `${amount} on ${date}`,
  nothingToday: 'Nothing is charged today. You keep your current plan until then.',
  /** After `cancelPending`, for a change that can only start once the subscription is kept. */
  resumeFirst: 'Keep your subscription to schedule this change.',
  confirmChange: (kind: ChangeKind, interval: Interval, effective?: 'now' | 'period_end') =>
    kind === 'upgrade'
      ? 'Upgrade now'
      : kind === 'downgrade'
        ? 'Schedule downgrade'
        : kind === 'seats'
          ? effective === 'period_end'
            ? 'Schedule seat change'
            : 'Add seats now'
          : `Switch to ${period(interval)}`,
  confirming: 'Confirming…',
  cancel: 'Cancel',
  close: 'Close',
  closeDialog: 'Close dialog',
  changeApplied: (plan: string) => `You are now on ${plan}.`,
  changeScheduled: (plan: string, date: string) => `${plan} starts on ${date}.`,
  paymentConfirmed: 'Payment confirmed. Your plan is being updated.',
  scaFailed: 'Your bank did not confirm the payment. Your plan did not change.',
  payInvoice: 'Pay the invoice instead',
  paymentNotAuthorised: 'The payment was not authorised.',
  scheduledNote: (plan: string, date: string) => `Changing to ${plan} on ${date}.`,
  keepPlan: 'Keep my current plan',
  /** What the next invoice bills if the scheduled change is dropped. */
  keptBill: (plan: string) => `Next bill if you keep ${plan}`,
  // BillingStatusBanner
  statusError: 'Your billing status could not be loaded.',
  trialEnding: (date: string) => `Your trial ends on ${date}.`,
  trialEndingNoCard: (date: string) =>
    `Your trial ends on ${date}. Add a payment method to keep your plan.`,
  addPaymentMethod: 'Add payment method',
  paymentFailed: (amount: string, nextRetry: string | null) =>
    nextRetry
      ? `Your payment of ${amount} failed. Update your card before ${nextRetry}, when we try again.`
      : `Your payment of ${amount} failed and we will not retry it. Update your card to keep access.`,
  /** A failed payment that already cost access (Stripe marked the subscription unpaid). */
  paymentFailedPaused: (amount: string) =>
    `Access paused: your payment of ${amount} failed. Update your card to restore access.`,
  updateCard: 'Update card',
  actionRequired: (amount: string) => `Your bank needs you to confirm a payment of ${amount}.`,
  confirmPayment: 'Confirm payment',
  cancelPending: (date: string) => `Your subscription ends on ${date}.`,
  resume: 'Keep subscription',
  downgradeScheduled: (plan: string, date: string) => `Your plan changes to ${plan} on ${date}.`,
  undo: 'Keep current plan',
  incomplete: (deadline: string | null) =>
    deadline
      ? `Your first payment is unfinished. Complete it by ${deadline} to start your subscription.`
      : 'Your first payment is unfinished, so your subscription has not started.',
  finishCheckout: 'Complete payment',
  accessEnded: (reason: 'canceled' | 'unpaid' | 'incomplete_expired' | 'paused') =>
    reason === 'unpaid'
      ? 'Access paused: your subscription is unpaid. Pay the open invoice or choose a plan.'
      : reason === 'paused'
        ? 'Access paused: your subscription is paused.'
        : reason === 'incomplete_expired'
          ? 'Your first payment was not completed, so the subscription did not start.'
          : 'Your subscription has ended.',
  choosePlan: 'Choose a plan',
  dismiss: 'Dismiss',
  checkoutReturnPending: 'Confirming your subscription…',
  checkoutReturnTimedOut:
    'Your payment went through; your subscription will appear shortly. Refresh in a minute.',
  working: 'Working…',
  // UsageMeter
  usageTitle: 'Usage this period',
  usageLoading: 'Loading usage…',
  usageError: 'Usage could not be loaded.',
  usageEmpty: 'Your plan has no metered features.',
  usagePeriod: (start: string, end: string) => `${start} – ${end}`,
  /** "12,340 of 10,000 API calls", or "340 API calls" when unlimited. */
  usageOf: (used: string, included: string | null, label: string) =>
    included === null ? `${used} ${label}` : `${used} of ${included} ${label}`,
  usageUnlimited: 'Unlimited',
  usageOver: (amount: string) => `${amount} over`,
  usageEstimated: (amount: string) => `Estimated ${amount} this period`,
  usagePending: (pending: string) => `${pending} still being recorded`,
  usageWarning: 'You are close to your plan’s included amount.',
  usageExceeded: 'Past your plan’s included amount: the overage is billed.',
  usageBlocked: 'Limit reached until the next period or an upgrade.',
  usageUpgrade: 'Upgrade plan',
};

/** The full label set; see {@link defaultLabels}. */
export type Labels = typeof defaultLabels;

/** Labels as a provider takes them: any subset, `errors` merged per code. */
export type LabelOverrides = Partial<Omit<Labels, 'errors'>> & {
  errors?: Partial<Labels['errors']>;
};

/** What a person reads for an error: `labels.errors[code]`, or the fallback for unknown codes. */
export function errorText(labels: Labels, error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const errors = labels.errors as Record<string, string>;
  return (
    (typeof code === 'string' && Object.hasOwn(errors, code) ? errors[code] : undefined) ??
    errors.fallback!
  );
}
