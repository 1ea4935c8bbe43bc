import * as z from 'zod/mini';
import { discountAmountSchema, taxAmountSchema } from './discount';
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

/** A seat count as a client may ask for it; the plan's own bounds are checked on the server. */
export const seatsSchema = z
  .int()
  .check(z.positive('must be a whole number of seats ≥ 1'), z.lte(10_000));

/** `POST /checkout` request. */
export const checkoutRequestSchema = z.strictObject({
  plan: planKeySchema,
  interval: intervalSchema,
  /** Seats, on a per-seat plan (default: its minimum). */
  seats: z.optional(seatsSchema),
  /** A promotion code the customer typed; the server checks it with Stripe (400 `INVALID_PROMOTION_CODE`). */
  promotionCode: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
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

/** What `/resume` undoes: a pending cancellation, a scheduled change, or both. */
export const resumeUndoSchema = z.enum(['cancellation', 'scheduled_change', 'all']);
export type ResumeUndo = z.infer<typeof resumeUndoSchema>;

/** The plan and interval a change is to, and `seats` on a per-seat plan (default: the seats you have, within its bounds). */
const changeTarget = {
  plan: planKeySchema,
  interval: intervalSchema,
  seats: z.optional(seatsSchema),
};

/** `POST /preview` of a plan change. */
export const changePreviewRequestSchema = z.strictObject({
  /** Optional: a body without `kind` previews a change. */
  kind: z.optional(z.literal('change')),
  ...changeTarget,
});
export type ChangePreviewRequest = z.infer<typeof changePreviewRequestSchema>;

/** `POST /preview` of `/resume`: the next invoice once the scheduled change and/or cancellation is dropped. */
export const resumePreviewRequestSchema = z.strictObject({
  kind: z.literal('resume'),
  /** As `/resume`'s `undo` (default `all`). */
  undo: z.optional(resumeUndoSchema),
});
export type ResumePreviewRequest = z.infer<typeof resumePreviewRequestSchema>;

/** `POST /preview` request: a plan change (`kind` `change` or absent) or a resume. */
export const previewRequestSchema = z.discriminatedUnion('kind', [
  changePreviewRequestSchema,
  resumePreviewRequestSchema,
]);
export type PreviewRequest = z.infer<typeof previewRequestSchema>;

/** One line of a preview, as Stripe itemises it. */
export const previewLineSchema = z.object({
  /** `credit`: unused time on the old plan; `charge`: remaining time on the new one; `subscription`: a full period. */
  kind: z.enum(['credit', 'charge', 'subscription']),
  /** Stripe's description, less the date it writes at the end of proration lines (the period says when). */
  description: z.string(),
  amount: minorUnitsSchema,
  periodStart: instantSchema,
  periodEnd: instantSchema,
});
export type PreviewLine = z.infer<typeof previewLineSchema>;

/** One Stripe invoice in a preview, and the subscription it leaves. */
const previewedInvoice = {
  plan: planKeySchema,
  interval: intervalSchema,
  /** Seats after the change (1 on a plan not sold per seat). */
  seats: z.int(),
  /** Stripe's lines of the invoice: today's for a change now, the first one after the period ends otherwise. */
  lines: z.array(previewLineSchema),
  /** That invoice before discounts and tax, its discounts and taxes, and its total. */
  subtotal: minorUnitsSchema,
  discounts: z.array(discountAmountSchema),
  taxes: z.array(taxAmountSchema),
  total: minorUnitsSchema,
  /**
   * The customer's credit balance Stripe applies to that invoice, already in what it charges:
   * negative when credit lowers it (never below 0), positive when an amount owed is added; 0
   * without a balance. A negative total is not charged: Stripe adds it to the credit instead.
   */
  appliedBalance: minorUnitsSchema,
  /** Charged today (0 for changes at period end and for a resume). */
  amountDue: minorUnitsSchema,
  currency: currencySchema,
  /** When the next regular invoice is due, and how much it will be (Stripe's own preview of it). */
  nextBillDate: instantSchema,
  nextBillAmount: minorUnitsSchema,
};

/** A plan change's preview: exactly what `/change` will bill, when given the same `prorationDate`. */
export const changePreviewSchema = z.object({
  /** `seats`: the same plan and interval with more seats (now) or fewer (at period end). */
  kind: z.enum(['upgrade', 'downgrade', 'interval_change', 'seats']),
  effective: z.enum(['now', 'period_end']),
  ...previewedInvoice,
  /** Unix seconds; pass it back to `/change` so Stripe bills what was shown. */
  prorationDate: z.int(),
});
export type ChangePreview = z.infer<typeof changePreviewSchema>;

/**
 * A resume's preview: the plan kept, and the invoice Stripe bills at period end once `undo` is
 * dropped (`lines`, totals and `nextBillAmount` are that invoice); nothing is charged today.
 */
export const resumePreviewSchema = z.object({
  kind: z.literal('resume'),
  undo: resumeUndoSchema,
  ...previewedInvoice,
});
export type ResumePreview = z.infer<typeof resumePreviewSchema>;

/** `POST /preview` response, by the request's kind. */
export const previewSchema = z.discriminatedUnion('kind', [
  changePreviewSchema,
  resumePreviewSchema,
]);
export type Preview = z.infer<typeof previewSchema>;

/** The preview a request answers with: a resume's for `kind: 'resume'`, a change's otherwise. */
export type PreviewFor<R extends PreviewRequest> = R extends { kind: 'resume' }
  ? ResumePreview
  : ChangePreview;

/** `POST /change` request. */
export const changeRequestSchema = z.strictObject({
  ...changeTarget,
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
  undo: z.optional(resumeUndoSchema),
});
export type ResumeRequest = z.infer<typeof resumeRequestSchema>;

/** `POST /webhook` response. */
export const webhookResponseSchema = z.object({ received: z.literal(true) });

/** `POST /cancel` and `POST /resume` answer with the new status. */
export const cancelResponseSchema = billingStatusSchema;
export const resumeResponseSchema = billingStatusSchema;
