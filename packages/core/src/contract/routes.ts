import * as z from 'zod/mini';
import {
  currencySchema,
  instantSchema,
  intervalSchema,
  minorUnitsSchema,
  planKeySchema,
} from './primitives';
import { billingStatusSchema } from './status';

/** A same-origin path such as `/billing?done=1` (never `//host` or a scheme). */
export const relativePathSchema = z.string().check(
  z.maxLength(2048),
  z.refine((value) => /^\/(?![/\\])[^\s\\]*$/.test(value), {
    message: 'must be a same-origin path starting with a single "/" (e.g. "/billing")',
  }),
);

/** `POST /checkout` request. */
export const checkoutRequestSchema = z.strictObject({
  plan: planKeySchema,
  interval: intervalSchema,
  uiMode: z.optional(z.enum(['hosted', 'embedded'])),
  successPath: z.optional(relativePathSchema),
  cancelPath: z.optional(relativePathSchema),
});
export type CheckoutRequest = z.infer<typeof checkoutRequestSchema>;

/** `POST /checkout` response: a page to send the user to, or a client secret for Embedded Checkout. */
export const checkoutResponseSchema = z.discriminatedUnion('uiMode', [
  z.object({ uiMode: z.literal('hosted'), url: z.string() }),
  z.object({ uiMode: z.literal('embedded'), clientSecret: z.string() }),
]);
export type CheckoutResponse = z.infer<typeof checkoutResponseSchema>;

/** Customer-portal deep links, in Stripe's `flow_data.type` words. */
export const portalFlowSchema = z.enum([
  'payment_method_update',
  'subscription_cancel',
  'subscription_update',
]);
export type PortalFlow = z.infer<typeof portalFlowSchema>;

/** `POST /portal` request. */
export const portalRequestSchema = z.strictObject({
  flow: z.optional(portalFlowSchema),
  returnPath: z.optional(relativePathSchema),
});
export type PortalRequest = z.infer<typeof portalRequestSchema>;

/** `POST /portal` response. */
export const portalResponseSchema = z.object({ url: z.string() });
export type PortalResponse = z.infer<typeof portalResponseSchema>;

/** `POST /preview` request. */
export const previewRequestSchema = z.strictObject({
  plan: planKeySchema,
  interval: intervalSchema,
});
export type PreviewRequest = z.infer<typeof previewRequestSchema>;

/** One line of a preview, as Stripe itemises it. */
export const previewLineSchema = z.object({
  /** `credit`: unused time on the old plan; `charge`: remaining time on the new one; `subscription`: a full period. */
  kind: z.enum(['credit', 'charge', 'subscription']),
  description: z.string(),
  amount: minorUnitsSchema,
  periodStart: instantSchema,
  periodEnd: instantSchema,
});
export type PreviewLine = z.infer<typeof previewLineSchema>;

/** `POST /preview` response: exactly what `/change` will bill, when given the same `prorationDate`. */
export const previewSchema = z.object({
  kind: z.enum(['upgrade', 'downgrade', 'interval_change']),
  effective: z.enum(['now', 'period_end']),
  plan: planKeySchema,
  interval: intervalSchema,
  lines: z.array(previewLineSchema),
  /** Charged today (0 for changes at period end). */
  amountDue: minorUnitsSchema,
  currency: currencySchema,
  /** When the next regular invoice is due, and how much it will be. */
  nextBillDate: instantSchema,
  nextBillAmount: minorUnitsSchema,
  /** Unix seconds; pass it back to `/change` so Stripe bills what was shown. */
  prorationDate: z.int(),
});
export type Preview = z.infer<typeof previewSchema>;

/** `POST /change` request. */
export const changeRequestSchema = z.strictObject({
  plan: planKeySchema,
  interval: intervalSchema,
  prorationDate: z.optional(z.int().check(z.positive())),
});
export type ChangeRequest = z.infer<typeof changeRequestSchema>;

/** `POST /change` response: the new status, or a payment the customer must confirm (SCA). */
export const changeResponseSchema = z.discriminatedUnion('outcome', [
  z.object({
    outcome: z.enum(['applied', 'scheduled']),
    status: billingStatusSchema,
  }),
  z.object({
    outcome: z.literal('requires_action'),
    requiresAction: z.literal(true),
    clientSecret: z.string(),
    hostedInvoiceUrl: z.nullable(z.string()),
    amountDue: minorUnitsSchema,
    currency: currencySchema,
  }),
]);
export type ChangeResponse = z.infer<typeof changeResponseSchema>;

/** `POST /resume` request: undo a pending cancellation, a scheduled downgrade, or both (default). */
export const resumeRequestSchema = z.strictObject({
  undo: z.optional(z.enum(['cancellation', 'scheduled_change', 'all'])),
});
export type ResumeRequest = z.infer<typeof resumeRequestSchema>;

/** `POST /webhook` response. */
export const webhookResponseSchema = z.object({ received: z.literal(true) });

/** `POST /cancel` and `POST /resume` answer with the new status. */
export const cancelResponseSchema = billingStatusSchema;
export const resumeResponseSchema = billingStatusSchema;
