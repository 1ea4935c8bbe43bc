import type { Discount } from '../contract/discount';
import type { Interval, SubscriptionStatus } from '../contract/primitives';

/**
 * What the server stores per customer after re-reading Stripe (`syncCustomer`). Plain data,
 * dates as ISO-8601 strings; `deriveBillingState` turns it into a `BillingStatus`.
 */
export interface BillingSnapshot {
  customerId: string;
  /** Whether this customer ever had a trial (trials are granted once). */
  hasHadTrial: boolean;
  /** The subscription that matters for this customer, chosen by the sync; null when none. */
  subscription: SubscriptionSnapshot | null;
  syncedAt: string;
}

/** The relevant subscription, reduced to what billing rules need. */
export interface SubscriptionSnapshot {
  id: string;
  status: SubscriptionStatus;
  /** Catalog plan key of the (first) item's price, or null when the price is not in the catalog. */
  plan: string | null;
  interval: Interval | null;
  priceId: string;
  /** The item's quantity: seats on a per-seat plan. Absent in snapshots stored before seats (1). */
  quantity?: number;
  /** The subscription's discount in effect (the first of Stripe's `discounts`), if any. */
  discount?: Discount | null;
  currentPeriodStart: string;
  currentPeriodEnd: string;
  cancelAtPeriodEnd: boolean;
  cancelAt: string | null;
  canceledAt: string | null;
  endedAt: string | null;
  trialStart: string | null;
  trialEnd: string | null;
  hasPaymentMethod: boolean;
  /** An upgrade waiting for its invoice to be paid (`payment_behavior: pending_if_incomplete`). */
  pendingUpdate: {
    plan: string | null;
    interval: Interval | null;
    quantity?: number;
    expiresAt: string;
  } | null;
  /** The next phase of an attached subscription schedule (a scheduled downgrade/switch). */
  scheduledChange: {
    scheduleId: string;
    plan: string | null;
    interval: Interval | null;
    quantity?: number;
    startsAt: string;
  } | null;
  latestInvoice: InvoiceSnapshot | null;
  /**
   * Every open invoice of the subscription while it is `past_due` or `unpaid`, oldest first:
   * paying the newest leaves the older ones blocking it. Absent in snapshots stored before it
   * existed (then only `latestInvoice` counts).
   */
  openInvoices?: InvoiceSnapshot[];
}

/** The subscription's latest invoice, as far as alerts care. */
export interface InvoiceSnapshot {
  id: string;
  status: 'draft' | 'open' | 'paid' | 'uncollectible' | 'void';
  amountDue: number;
  currency: string;
  attemptCount: number;
  nextPaymentAttempt: string | null;
  hostedInvoiceUrl: string | null;
  /** `confirmation_secret.client_secret` when the payment needs the customer (SCA). */
  clientSecret: string | null;
  /** The payment's state: `requires_action` means 3-D Secure is waiting for the customer. */
  paymentStatus: 'succeeded' | 'requires_action' | 'requires_payment_method' | 'processing' | null;
}
