import { type ChangePreview, previewRequestSchema } from '@tollgate/core';
import type Stripe from 'stripe';
import { billAfter, invoiceParts, iso, PREVIEW_EXPAND } from '../billing/invoice-preview';
import { itemsAfter } from '../billing/metered-prices';
import { defaultProrationDate, type PlanChange, planChange } from '../billing/plan-change';
import { previewResume } from '../billing/resume';
import { periodEndSchedule, scheduleFor } from '../billing/schedule';
import { type BillingContext, nowSeconds, requireUser } from '../context';
import { readJson } from '../http/body';
import { endpoint, type Handler } from '../http/endpoint';
import { json } from '../http/respond';

/**
 * Stripe's preview of the subscription's next regular invoice with the change in place and no
 * prorations: what the renewal bills (discounts and tax included).
 */
function nextInvoice(ctx: BillingContext, change: PlanChange): Promise<Stripe.Invoice> {
  return ctx.stripe.invoices.createPreview({
    customer: change.customerId,
    subscription: change.subscription.id,
    subscription_details: { items: itemsAfter(change), proration_behavior: 'none' },
    expand: PREVIEW_EXPAND,
  });
}

function base(change: PlanChange) {
  return {
    kind: change.kind,
    plan: change.target.plan.key,
    interval: change.target.interval,
    seats: change.seats,
  };
}

/** A change that bills nothing today: `next` is its first bill, at the end of the current period. */
async function nothingToday(
  ctx: BillingContext,
  change: PlanChange,
  next: Stripe.Invoice,
  effective: ChangePreview['effective'],
  prorationDate: number,
): Promise<ChangePreview> {
  return {
    ...base(change),
    effective,
    ...(await invoiceParts(ctx, next)),
    amountDue: 0,
    nextBillDate: iso(change.periodEnd),
    nextBillAmount: next.amount_due,
    prorationDate,
  };
}

/** Stripe's own preview of an immediate change, with the pinned `proration_date`, and of the bill after it. */
async function previewNow(ctx: BillingContext, change: PlanChange): Promise<ChangePreview> {
  const prorationDate = defaultProrationDate(nowSeconds(ctx), change);
  const invoice = await ctx.stripe.invoices.createPreview({
    customer: change.customerId,
    subscription: change.subscription.id,
    subscription_details: {
      items: itemsAfter(change),
      proration_behavior: 'always_invoice',
      proration_date: prorationDate,
    },
    expand: PREVIEW_EXPAND,
  });
  // One after the other: a Stripe outage then fails the preview as a whole, never half of it.
  const next = await nextInvoice(ctx, change);
  // An update that invoices nothing now gets the subscription's next invoice as its preview:
  // it is collected at the period's end (`period_end`), so nothing is due today.
  if (invoice.period_end >= change.periodEnd)
    return nothingToday(ctx, change, next, 'now', prorationDate);
  const parts = await invoiceParts(ctx, invoice);
  const fullPeriod = parts.lines.find((line) => line.kind === 'subscription');
  return {
    ...base(change),
    effective: 'now',
    ...parts,
    amountDue: invoice.amount_due,
    nextBillDate: fullPeriod ? fullPeriod.periodEnd : iso(change.periodEnd),
    nextBillAmount: billAfter(invoice, next),
    prorationDate,
  };
}

/**
 * A change at period end bills nothing now. Stripe previews the first invoice it then bills
 * through the schedule that will carry it (`schedule_details`: the very phases `/change` sets).
 */
async function previewAtPeriodEnd(ctx: BillingContext, change: PlanChange): Promise<ChangePreview> {
  const schedule = await scheduleFor(ctx, change);
  const invoice = await ctx.stripe.invoices.createPreview({
    customer: change.customerId,
    schedule: schedule.id,
    schedule_details: periodEndSchedule(change, schedule),
    expand: PREVIEW_EXPAND,
  });
  return nothingToday(
    ctx,
    change,
    invoice,
    'period_end',
    defaultProrationDate(nowSeconds(ctx), change),
  );
}

/**
 * `POST /preview`: what `/change` (or, with `kind: 'resume'`, `/resume`) will do and bill, always
 * as Stripe computes it (`invoices.createPreview`: discounts, tax and credit balance included).
 * Immediate changes pin a `proration_date`; pass `prorationDate` back to `/change` and Stripe
 * bills exactly `amountDue`.
 */
export function createPreviewHandler(ctx: BillingContext): Handler {
  return endpoint(ctx, { name: 'POST /preview', method: 'POST', csrf: true }, async (req) => {
    const user = await requireUser(ctx, req);
    const body = await readJson(req, previewRequestSchema, ctx.config.limits.jsonBytes);
    if (body.kind === 'resume') return json(await previewResume(ctx, user.id, body.undo ?? 'all'));
    const change = await planChange(ctx, user.id, body);
    return json(
      change.effective === 'now'
        ? await previewNow(ctx, change)
        : await previewAtPeriodEnd(ctx, change),
    );
  });
}
