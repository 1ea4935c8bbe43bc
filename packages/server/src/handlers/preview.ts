import { type Preview, type PreviewLine, previewRequestSchema } from '@tollgate/core';
import type Stripe from 'stripe';
import {
  addInterval,
  defaultProrationDate,
  type PlanChange,
  planChange,
} from '../billing/plan-change';
import { type BillingContext, nowSeconds, requireUser } from '../context';
import { readJson } from '../http/body';
import { endpoint, type Handler } from '../http/endpoint';
import { json } from '../http/respond';

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

function lineOf(line: Stripe.InvoiceLineItem): PreviewLine {
  const proration = line.parent?.subscription_item_details?.proration === true;
  return {
    kind: proration ? (line.amount < 0 ? 'credit' : 'charge') : 'subscription',
    description: line.description ?? '',
    amount: line.amount,
    periodStart: iso(line.period.start),
    periodEnd: iso(line.period.end),
  };
}

/** Stripe's own preview of an immediate change, with the pinned `proration_date`. */
async function previewNow(ctx: BillingContext, change: PlanChange): Promise<Preview> {
  const prorationDate = defaultProrationDate(nowSeconds(ctx), change);
  const invoice = await ctx.stripe.invoices.createPreview({
    customer: change.customerId,
    subscription: change.subscription.id,
    subscription_details: {
      items: [{ id: change.item.id, price: change.target.price.id }],
      proration_behavior: 'always_invoice',
      proration_date: prorationDate,
    },
  });
  const lines = invoice.lines.data.map(lineOf);
  const fullPeriod = lines.find((line) => line.kind === 'subscription');
  const nextBill = fullPeriod
    ? Math.floor(Date.parse(fullPeriod.periodEnd) / 1000)
    : change.periodEnd;
  return {
    kind: change.kind,
    effective: 'now',
    plan: change.target.plan.key,
    interval: change.target.interval,
    lines,
    amountDue: invoice.amount_due,
    currency: invoice.currency,
    nextBillDate: iso(nextBill),
    nextBillAmount: change.target.price.unit_amount ?? 0,
    prorationDate,
  };
}

/** A change at period end bills nothing now; the next invoice is the new price's full period. */
function previewAtPeriodEnd(ctx: BillingContext, change: PlanChange): Preview {
  const amount = change.target.price.unit_amount ?? 0;
  return {
    kind: change.kind,
    effective: 'period_end',
    plan: change.target.plan.key,
    interval: change.target.interval,
    lines: [
      {
        kind: 'subscription',
        description: `1 × ${change.target.plan.name} (per ${change.target.interval})`,
        amount,
        periodStart: iso(change.periodEnd),
        periodEnd: iso(addInterval(change.periodEnd, change.target.interval)),
      },
    ],
    amountDue: 0,
    currency: change.target.price.currency,
    nextBillDate: iso(change.periodEnd),
    nextBillAmount: amount,
    prorationDate: defaultProrationDate(nowSeconds(ctx), change),
  };
}

/**
 * `POST /preview`: what `/change` will do and bill. Immediate changes are Stripe's own
 * `invoices.createPreview` with a pinned `proration_date`; pass `prorationDate` back to
 * `/change` and Stripe bills exactly `amountDue`.
 */
export function createPreviewHandler(ctx: BillingContext): Handler {
  return endpoint(ctx, { name: 'POST /preview', method: 'POST', csrf: true }, async (req) => {
    const user = await requireUser(ctx, req);
    const body = await readJson(req, previewRequestSchema, ctx.config.limits.jsonBytes);
    const change = await planChange(ctx, user, body.plan, body.interval);
    return json(
      change.effective === 'now' ? await previewNow(ctx, change) : previewAtPeriodEnd(ctx, change),
    );
  });
}
