import type { BillingStatus, Interval } from '@tollgate/core';

/** Fields every notification carries: who, and which Stripe event caused it, when. */
export interface NotificationBase {
  /** Your user id (from the customer's `metadata.userId`), or null if the customer is not linked. */
  userId: string | null;
  customerId: string;
  /** The Stripe event this notification fires for. */
  eventId: string;
  /**
   * `tollgate:<eventId>:<notification>`: the same on every attempt at this event. Hooks run
   * at least once — pass it to whatever the hook calls (an email API's idempotency key, a
   * unique column) so a repeated run does nothing twice.
   */
  idempotencyKey: string;
  eventType: string;
  /**
   * When Stripe created the event (its `created`, ISO 8601): when the thing happened — on the
   * customer's test clock when it has one — not when the hook runs (a retry runs hours later).
   * Date an email or a log line with it; no Stripe read needed.
   */
  eventCreated: string;
  /** The customer's billing status after the sync this event triggered. */
  status: BillingStatus;
}

/** The payload of each notifier hook, by hook name. */
export interface NotificationPayloads {
  /** A checkout finished (subscription created). */
  checkout_completed: NotificationBase & {
    subscriptionId: string | null;
    plan: string | null;
    interval: Interval | null;
  };
  /** Stripe's `customer.subscription.trial_will_end` (3 days before the end). */
  trial_ending: NotificationBase & { trialEnd: string | null; hasPaymentMethod: boolean };
  /** A payment attempt failed; `nextRetryAt` is null after the last retry. */
  payment_failed: NotificationBase & {
    invoiceId: string;
    /** From `invoice.parent.subscription_details.subscription`. */
    subscriptionId: string | null;
    attempt: number;
    nextRetryAt: string | null;
    amountDue: number;
    currency: string;
    hostedInvoiceUrl: string | null;
  };
  /** A payment needs the customer (3-D Secure); send them to `url`. */
  action_required: NotificationBase & {
    invoiceId: string;
    subscriptionId: string | null;
    url: string | null;
    amountDue: number;
    currency: string;
  };
  /** An invoice was paid (renewals, upgrades, recovery after a failure). */
  payment_succeeded: NotificationBase & {
    invoiceId: string;
    subscriptionId: string | null;
    amountPaid: number;
    currency: string;
    billingReason: string | null;
  };
  /** The subscription ended (`customer.subscription.deleted`). */
  subscription_canceled: NotificationBase & { subscriptionId: string; plan: string | null };
  /**
   * Two checkouts completed in a race: this second live subscription was canceled at once and
   * its payment refunded (`reason: duplicate`); `keptSubscriptionId` is the one that stays.
   */
  duplicate_canceled: NotificationBase & {
    subscriptionId: string;
    keptSubscriptionId: string;
    plan: string | null;
  };
  /** The subscription's price changed (upgrade now, or a scheduled change taking effect). */
  plan_changed: NotificationBase & {
    subscriptionId: string;
    from: { plan: string | null; interval: Interval | null };
    to: { plan: string | null; interval: Interval | null };
  };
}

/** Name of a notifier hook. */
export type NotificationType = keyof NotificationPayloads;

/**
 * Side-effect hooks (emails, Slack, analytics). **Each runs at least once** per Stripe event
 * that raises it: once in the normal case (the event is claimed in the ledger, so duplicates and
 * concurrent deliveries skip it), again when it throws (the event fails and Stripe's retry runs
 * it), and again when the process dies after the hook ran but before the event was marked done
 * (another attempt takes the claim over after two minutes). Make the side effect idempotent with
 * `payload.idempotencyKey`, which is the same on every attempt.
 */
export type Notifier = {
  [K in NotificationType]?: (payload: NotificationPayloads[K]) => void | Promise<void>;
};

/** Every hook name, for config validation. */
export const NOTIFICATION_TYPES: readonly NotificationType[] = [
  'checkout_completed',
  'trial_ending',
  'payment_failed',
  'action_required',
  'payment_succeeded',
  'subscription_canceled',
  'plan_changed',
  'duplicate_canceled',
];
