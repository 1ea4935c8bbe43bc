import type Stripe from 'stripe';
import { newId } from '../ids.js';
import type { Engine } from './context.js';
import { applyBalance, startingBalance } from './customer-balance.js';
import { allocate } from './discount-amounts.js';
import { subscriptionDiscounts } from './discounts.js';
import { lineTax, locationOf, manualTaxes, type TaxLocation, totalTaxes } from './tax.js';
import { decimal, idOf } from './util.js';

/** One line to put on an invoice. */
export interface LineInput {
  amount: number;
  description: string;
  currency: string;
  period: { start: number; end: number };
  /** `null` for an invoice item with an `amount` and no price. */
  price: Stripe.Price | null;
  quantity: number;
  proration: boolean;
  subscriptionItem: string | null;
  invoiceItem?: string | null;
  /** Whether discounts apply (default true; an invoice item's own `discountable`). */
  discountable?: boolean;
}

/** What {@link buildInvoice} needs. */
export interface InvoiceInput {
  customer: Stripe.Customer;
  subscription: Stripe.Subscription | null;
  billing_reason: Stripe.Invoice.BillingReason;
  lines: LineInput[];
  period_start: number;
  period_end: number;
  currency: string;
  /** Preview invoices get an `upcoming_` id and are not stored. */
  preview?: boolean;
  /** Discounts to apply; default: the subscription's, as of now. */
  discounts?: Stripe.Discount[];
  /** Automatic tax; default: the subscription's `automatic_tax.enabled`. */
  automaticTax?: boolean;
  /** Where the customer is taxed; default: the customer's address and `tax_exempt`. */
  taxLocation?: TaxLocation;
  /** Manual tax rates for every line; default: the subscription's `default_tax_rates`. */
  defaultTaxRates?: Stripe.TaxRate[];
}

/** Builds an invoice line item. */
function buildLine(
  invoiceId: string | null,
  line: LineInput,
  sub: string | null,
): Stripe.InvoiceLineItem {
  return {
    id: newId('il'),
    object: 'line_item',
    amount: line.amount,
    currency: line.currency,
    description: line.description,
    discount_amounts: [],
    discountable: line.discountable ?? true,
    discounts: [],
    invoice: invoiceId,
    livemode: false,
    metadata: {},
    parent: line.subscriptionItem
      ? {
          type: 'subscription_item_details',
          invoice_item_details: null,
          subscription_item_details: {
            invoice_item: line.invoiceItem ?? null,
            proration: line.proration,
            proration_details: line.proration ? { credited_items: null } : null,
            subscription: sub,
            subscription_item: line.subscriptionItem,
          },
        }
      : line.invoiceItem
        ? {
            type: 'invoice_item_details',
            invoice_item_details: {
              invoice_item: line.invoiceItem,
              proration: line.proration,
              proration_details: line.proration ? { credited_items: null } : null,
              subscription: sub,
            },
            subscription_item_details: null,
          }
        : null,
    period: line.period,
    pretax_credit_amounts: [],
    pricing: {
      type: 'price_details',
      ...(line.price
        ? {
            price_details: {
              price: line.price.id,
              product:
                typeof line.price.product === 'string' ? line.price.product : line.price.product.id,
            },
          }
        : {}),
      unit_amount_decimal: decimal(
        line.price?.billing_scheme === 'per_unit'
          ? String(line.price.unit_amount_decimal ?? 0)
          : line.amount / (line.quantity || 1),
      ),
    },
    quantity: line.quantity,
    quantity_decimal: decimal(line.quantity),
    subscription: sub,
    subtotal: line.amount,
    taxes: [],
  } satisfies Stripe.InvoiceLineItem;
}

/**
 * Fills each line's `discount_amounts` and answers the invoice's `total_discount_amounts`
 * (proration lines list each discount at 0: their amounts are already net).
 */
function applyDiscounts(
  engine: Engine,
  lines: Stripe.InvoiceLineItem[],
  inputs: LineInput[],
  discounts: Stripe.Discount[],
  currency: string,
): Stripe.Invoice.TotalDiscountAmount[] {
  if (!discounts.length) return [];
  const view = inputs.map((l) => ({
    amount: l.amount,
    product: l.price ? idOf(l.price.product as string) : null,
    discountable: l.discountable ?? true,
    proration: l.proration,
  }));
  const { amounts, totals } = allocate(engine, view, discounts, currency);
  lines.forEach((line, i) => {
    const shown = view[i]!.proration && view[i]!.discountable;
    line.discount_amounts = discounts
      .map((d, j) => ({ amount: amounts[i]![j]!, discount: d.id }))
      .filter((a) => a.amount > 0 || shown);
  });
  return discounts.map((d, j) => ({ amount: totals[j]!, discount: d.id }));
}

const sumOf = (taxes: readonly { amount: number }[]) => taxes.reduce((s, t) => s + t.amount, 0);

/** A line's amount after its discounts: what tax is charged on. */
const afterDiscounts = (line: Stripe.InvoiceLineItem) =>
  line.amount - sumOf(line.discount_amounts ?? []);

/**
 * Automatic tax: each line is taxed on its amount after discounts, as its price's
 * `tax_behavior` says (`unspecified` counts as exclusive); fills the lines' `taxes`.
 */
function applyTaxes(
  engine: Engine,
  lines: Stripe.InvoiceLineItem[],
  inputs: LineInput[],
  where: TaxLocation,
): Stripe.InvoiceLineItem.Tax[] {
  return lines.flatMap((line, i) => {
    const behavior = inputs[i]!.price?.tax_behavior === 'inclusive' ? 'inclusive' : 'exclusive';
    const tax = lineTax(engine, { amount: afterDiscounts(line), behavior }, where);
    line.taxes = [tax];
    return [tax];
  });
}

/** Manual tax rates on every line, after its discounts; fills the lines' `taxes`. */
function applyRates(
  lines: Stripe.InvoiceLineItem[],
  rates: readonly Stripe.TaxRate[],
): Stripe.InvoiceLineItem.Tax[] {
  if (!rates.length) return [];
  return lines.flatMap((line) => {
    line.taxes = manualTaxes(afterDiscounts(line), rates);
    return line.taxes;
  });
}

/** Builds a draft invoice object (not stored, no events). */
export function buildInvoice(engine: Engine, input: InvoiceInput): Stripe.Invoice {
  const id = input.preview ? `upcoming_${newId('in')}` : newId('in');
  const sub = input.subscription;
  const lines = input.lines.map((l) => buildLine(input.preview ? null : id, l, sub?.id ?? null));
  const now = engine.clock.now();
  const discounts = input.discounts ?? (sub ? subscriptionDiscounts(engine, sub, now) : []);
  const discountTotals = applyDiscounts(engine, lines, input.lines, discounts, input.currency);
  const subtotal = lines.reduce((sum, l) => sum + l.amount, 0);
  const discounted = subtotal - discountTotals.reduce((sum, d) => sum + d.amount, 0);
  const taxed = input.automaticTax ?? sub?.automatic_tax?.enabled ?? false;
  const where = input.taxLocation ?? locationOf(input.customer);
  const rates = taxed ? [] : (input.defaultTaxRates ?? sub?.default_tax_rates ?? []);
  const taxes = taxed ? applyTaxes(engine, lines, input.lines, where) : applyRates(lines, rates);
  const inclusive = sumOf(taxes.filter((t) => t.tax_behavior === 'inclusive'));
  const total = discounted + sumOf(taxes.filter((t) => t.tax_behavior === 'exclusive'));
  const customer = input.customer;
  // Until finalization Stripe shows the customer's balance as it is now.
  const starting = startingBalance(customer, input.currency);
  const { amount_due } = applyBalance(starting, total);
  const invoice = {
    id,
    object: 'invoice',
    account_country: 'US',
    account_name: 'Tollgate Emulator',
    account_tax_ids: null,
    amount_due,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: amount_due,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: true,
    automatic_tax: {
      disabled_reason: null,
      enabled: taxed,
      liability: taxed ? { type: 'self' } : null,
      provider: taxed ? 'stripe' : null,
      status: taxed
        ? where.country || where.exempt === 'exempt'
          ? 'complete'
          : 'requires_location_inputs'
        : null,
    },
    automatically_finalizes_at: null,
    billing_reason: input.billing_reason,
    collection_method: input.subscription?.collection_method ?? 'charge_automatically',
    confirmation_secret: null,
    created: now,
    currency: input.currency,
    custom_fields: null,
    customer: customer.id,
    customer_account: null,
    customer_address: customer.address ?? null,
    customer_email: customer.email,
    customer_name: customer.name ?? null,
    customer_phone: customer.phone ?? null,
    customer_shipping: null,
    customer_tax_exempt: customer.tax_exempt ?? 'none',
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: rates,
    description: null,
    discounts: discounts.map((d) => d.id),
    due_date: null,
    effective_at: null,
    ending_balance: null,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: 'list', data: lines, has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: sub
      ? {
          type: 'subscription_details',
          quote_details: null,
          subscription_details: { metadata: { ...sub.metadata }, subscription: sub.id },
        }
      : null,
    payment_settings: {
      default_mandate: null,
      payment_method_options: null,
      payment_method_types: null,
    },
    period_end: input.period_end,
    period_start: input.period_start,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: starting,
    statement_descriptor: null,
    status: 'draft',
    status_transitions: {
      finalized_at: null,
      marked_uncollectible_at: null,
      paid_at: null,
      voided_at: null,
    },
    subtotal,
    subtotal_excluding_tax: subtotal - inclusive,
    test_clock: customer.test_clock ?? null,
    total,
    total_discount_amounts: discountTotals,
    total_excluding_tax: discounted - inclusive,
    total_pretax_credit_amounts: [],
    total_taxes: totalTaxes(taxes),
    webhooks_delivered_at: null,
  } satisfies Stripe.Invoice;
  return invoice;
}
