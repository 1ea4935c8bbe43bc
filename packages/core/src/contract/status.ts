import * as z from 'zod/mini';
import { discountSchema } from './discount';
import {
  accessSchema,
  billingStatusValueSchema,
  currencySchema,
  entitlementsSchema,
  instantSchema,
  intervalSchema,
  minorUnitsSchema,
  planKeySchema,
} from './primitives';

/** A change that is already decided but not yet in effect. */
export const pendingChangeSchema = z.object({
  /** `schedule`: a downgrade or interval switch at period end; `update`: an upgrade awaiting payment. */
  source: z.enum(['schedule', 'update']),
  plan: planKeySchema,
  interval: intervalSchema,
  /** Seats after the change, on a per-seat plan. */
  seats: z.optional(z.int()),
  effectiveAt: instantSchema,
  /** `update` only: when Stripe drops the change if its invoice is still unpaid. */
  expiresAt: z.optional(instantSchema),
});
export type PendingChange = z.infer<typeof pendingChangeSchema>;

/** Alerts, most urgent first in `BillingStatus.alerts`. The banner shows the first one. */
export const alertSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('action_required'),
    /** `client_secret` of the invoice's confirmation secret, for stripe.js `confirmPayment`. */
    clientSecret: z.nullable(z.string()),
    hostedInvoiceUrl: z.nullable(z.string()),
    amountDue: minorUnitsSchema,
    currency: currencySchema,
  }),
  z.object({
    type: z.literal('payment_failed'),
    attempt: z.int(),
    nextRetryAt: z.nullable(instantSchema),
    hostedInvoiceUrl: z.nullable(z.string()),
    amountDue: minorUnitsSchema,
    currency: currencySchema,
  }),
  z.object({
    type: z.literal('trial_ending'),
    endsAt: instantSchema,
    hasPaymentMethod: z.boolean(),
  }),
  z.object({ type: z.literal('cancel_pending'), endsAt: instantSchema }),
  z.object({
    type: z.literal('downgrade_scheduled'),
    toPlan: planKeySchema,
    toInterval: intervalSchema,
    effectiveAt: instantSchema,
  }),
  z.object({
    type: z.literal('incomplete'),
    hostedInvoiceUrl: z.nullable(z.string()),
    expiresAt: z.nullable(instantSchema),
  }),
  z.object({
    type: z.literal('access_ended'),
    /** Why access ended, in Stripe's words. */
    reason: z.enum(['canceled', 'unpaid', 'incomplete_expired', 'paused']),
  }),
]);
export type Alert = z.infer<typeof alertSchema>;
export type AlertType = Alert['type'];

/** `GET /status`: the caller's billing state, derived from the stored snapshot. */
export const billingStatusSchema = z.object({
  /** Plan key in effect (the free plan's key when there is no live subscription). */
  plan: planKeySchema,
  interval: z.nullable(intervalSchema),
  /** Seats subscribed (the subscription's quantity); null without a subscription. Absent before 0.3. */
  seats: z.optional(z.nullable(z.int())),
  status: billingStatusValueSchema,
  access: accessSchema,
  alerts: z.array(alertSchema),
  entitlements: entitlementsSchema,
  currentPeriodEnd: z.nullable(instantSchema),
  trialEnd: z.nullable(instantSchema),
  cancelAt: z.nullable(instantSchema),
  pendingChange: z.nullable(pendingChangeSchema),
  /** The subscription's discount in effect (coupon or promotion code), if any. Absent before 0.3. */
  discount: z.optional(z.nullable(discountSchema)),
  /** Whether a checkout for this user would include the plan's trial. */
  trialEligible: z.boolean(),
});
export type BillingStatus = z.infer<typeof billingStatusSchema>;
