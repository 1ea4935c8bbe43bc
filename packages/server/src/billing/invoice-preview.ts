import type { Preview, PreviewLine } from '@tollgate/core';
import type Stripe from 'stripe';
import type { BillingContext } from '../context';
import { DISCOUNT_EXPAND, discountOf, taxOf } from '../stripe/discount';

/** Epoch seconds as an ISO timestamp (how previews give dates). */
export const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/** What `invoices.createPreview` is asked to expand: each discount's coupon and promotion code. */
export const PREVIEW_EXPAND = DISCOUNT_EXPAND.map(
  (path) => `total_discount_amounts.discount.${path}`,
);

/**
 * The date Stripe writes at the end of a proration line ("Unused time on Starter after 05 Dec
 * 2026"), always in that English format: the line's period says when, and the client prints it
 * in the app's locale and date style.
 */
const PRORATION_DATE = / after \d{2} [A-Z][a-z]{2} \d{4}$/;

function lineOf(line: Stripe.InvoiceLineItem): PreviewLine {
  const proration = line.parent?.subscription_item_details?.proration === true;
  const description = line.description ?? '';
  return {
    kind: proration ? (line.amount < 0 ? 'credit' : 'charge') : 'subscription',
    description: proration ? description.replace(PRORATION_DATE, '') : description,
    amount: line.amount,
    periodStart: iso(line.period.start),
    periodEnd: iso(line.period.end),
  };
}

/** The parts of a preview that are one Stripe invoice: its lines, subtotal, discounts, taxes and total. */
export type InvoiceParts = Pick<
  Preview,
  'lines' | 'subtotal' | 'discounts' | 'taxes' | 'total' | 'appliedBalance' | 'currency'
>;

/**
 * Reads a previewed invoice as Stripe computed it — nothing is recomputed here: the discounts
 * with their coupons, and each tax with its rate's name (one `taxRates.retrieve` per rate).
 */
export async function invoiceParts(
  ctx: BillingContext,
  invoice: Stripe.Invoice,
): Promise<InvoiceParts> {
  const taxes = invoice.total_taxes ?? [];
  const rateIds = [
    ...new Set(taxes.map((tax) => tax.tax_rate_details?.tax_rate).filter((id) => !!id)),
  ] as string[];
  const rates = new Map(
    await Promise.all(
      rateIds.map(async (id) => [id, await ctx.stripe.taxRates.retrieve(id)] as const),
    ),
  );
  return {
    lines: invoice.lines.data.map(lineOf),
    subtotal: invoice.subtotal,
    discounts: (invoice.total_discount_amounts ?? []).flatMap((entry) => {
      const discount = discountOf(entry.discount);
      return discount && entry.amount !== 0 ? [{ discount, amount: entry.amount }] : [];
    }),
    taxes: taxes.map((tax) => taxOf(tax, rates.get(tax.tax_rate_details?.tax_rate ?? ''))),
    total: invoice.total,
    // What the customer's balance adds to (or, as credit, takes off) what the invoice charges.
    appliedBalance: invoice.amount_due - Math.max(invoice.total, 0),
    currency: invoice.currency,
  };
}

/**
 * What the renewal after an immediate change charges: Stripe previews it with the customer's
 * balance as it is now, before today's invoice uses credit (or adds a negative total to it).
 */
export function billAfter(today: Stripe.Invoice, next: Stripe.Invoice): number {
  const left = Math.min(today.total + (today.starting_balance ?? 0), 0);
  return Math.max(next.total + left, 0);
}
