import type Stripe from 'stripe';
import { invalidRequest } from '../errors.js';
import type { Engine } from './context.js';
import { settleBalance } from './customer-balance.js';
import { getCustomer } from './customers.js';
import { retireDiscounts } from './discounts.js';
import { emit, update } from './emit.js';
import { buildInvoice, type InvoiceInput } from './invoice-build.js';
import { customerPendingLines } from './invoice-items.js';
import {
  cancelPaymentIntent,
  confirmPaymentIntent,
  createPaymentIntent,
  failAuthentication,
  type PaymentOutcome,
} from './payments.js';
import { onInvoiceFailed, onInvoicePaid } from './subscription-status.js';
import { DAY, idOf, must } from './util.js';

/** Creates and stores a draft invoice; emits `invoice.created`. */
export function createInvoice(engine: Engine, input: InvoiceInput): Stripe.Invoice {
  return storeInvoice(engine, buildInvoice(engine, input));
}

/** Stores a built draft invoice (claiming its pending invoice items); emits `invoice.created`. */
export function storeInvoice(engine: Engine, invoice: Stripe.Invoice): Stripe.Invoice {
  engine.state.invoices[invoice.id] = invoice;
  const sub =
    engine.state.subscriptions[idOf(invoice.parent?.subscription_details?.subscription) ?? ''];
  if (sub) {
    const used = (invoice.total_discount_amounts ?? [])
      .filter((d) => d.amount > 0)
      .map((d) => idOf(d.discount as string)!);
    retireDiscounts(engine, sub, engine.clock.now(), used);
  }
  for (const line of invoice.lines.data) {
    const ii =
      line.parent?.subscription_item_details?.invoice_item ??
      line.parent?.invoice_item_details?.invoice_item;
    const item = ii ? engine.state.invoiceItems[ii] : undefined;
    if (item) item.invoice = invoice.id;
  }
  emit(engine, 'invoice.created', invoice);
  return invoice;
}

/** `invoices.create` input. */
export interface ManualInvoiceInput {
  customer: string;
  /** `include` bills the customer's pending invoice items (Stripe's default is `exclude`). */
  pending_invoice_items_behavior?: 'include' | 'exclude';
  auto_advance?: boolean;
  description?: string;
  metadata?: Record<string, string> | '';
}

/**
 * `invoices.create`: a one-off draft for a customer. API invoices advance on their own only
 * with `auto_advance: true` (finalized an hour later, as Stripe does).
 */
export function createManualInvoice(engine: Engine, input: ManualInvoiceInput): Stripe.Invoice {
  const customer = getCustomer(engine, input.customer);
  const lines =
    input.pending_invoice_items_behavior === 'include'
      ? customerPendingLines(engine, customer.id)
      : [];
  const now = engine.clock.now();
  const invoice = buildInvoice(engine, {
    customer,
    subscription: null,
    billing_reason: 'manual',
    lines,
    period_start: now,
    period_end: now,
    currency: lines[0]?.currency ?? customer.currency ?? 'usd',
  });
  invoice.auto_advance = input.auto_advance ?? false;
  invoice.automatically_finalizes_at = invoice.auto_advance ? now + 3600 : null;
  invoice.description = input.description ?? null;
  invoice.metadata = input.metadata || {};
  return storeInvoice(engine, invoice);
}

/** The invoice with `id`, or a 404. */
export function getInvoice(engine: Engine, id: string, param = 'invoice'): Stripe.Invoice {
  return must(engine.state.invoices, id, 'invoice', param);
}

/** The payment intent collecting `invoice`, if any. */
export function invoicePaymentIntent(
  engine: Engine,
  invoice: Stripe.Invoice,
): Stripe.PaymentIntent | undefined {
  const piId = engine.state.internal.invoicePayment[invoice.id];
  return piId ? engine.state.paymentIntents[piId] : undefined;
}

/**
 * Finalizes a draft: assigns a number, the hosted URL and (for a non-zero amount) a payment
 * intent whose client secret is the `confirmation_secret`. A zero invoice is paid at once.
 */
export function finalizeInvoice(engine: Engine, invoice: Stripe.Invoice): Stripe.Invoice {
  if (invoice.status !== 'draft') {
    throw invalidRequest(
      `This invoice is already finalized, you can't re-finalize a non-draft invoice.`,
      'invoice',
    );
  }
  const customer = engine.state.customers[idOf(invoice.customer)!];
  const now = engine.clock.now();
  const seq = customer ? (customer.next_invoice_sequence ?? 1) : 1;
  if (customer) customer.next_invoice_sequence = seq + 1;
  settleBalance(engine, invoice, customer);
  let pi: Stripe.PaymentIntent | null = null;
  if (invoice.amount_due > 0) {
    pi = createPaymentIntent(engine, {
      amount: invoice.amount_due,
      currency: invoice.currency,
      customer: idOf(invoice.customer),
      description: `Invoice ${customer?.invoice_prefix ?? 'INV'}-${String(seq).padStart(4, '0')}`,
    });
    engine.state.internal.invoicePayment[invoice.id] = pi.id;
    engine.state.internal.paymentInvoice[pi.id] = invoice.id;
  }
  update(engine, 'invoice.finalized', invoice, (inv) => {
    inv.status = 'open';
    inv.number = `${customer?.invoice_prefix ?? 'INV'}-${String(seq).padStart(4, '0')}`;
    inv.hosted_invoice_url = `${engine.config.baseUrl}/invoice/${inv.id}`;
    inv.invoice_pdf = `${engine.config.baseUrl}/invoice/${inv.id}/pdf`;
    inv.automatically_finalizes_at = null;
    if (inv.collection_method === 'send_invoice') {
      const sub =
        engine.state.subscriptions[idOf(inv.parent?.subscription_details?.subscription) ?? ''];
      inv.due_date = now + (sub?.days_until_due ?? 30) * DAY;
    }
    inv.effective_at = now;
    inv.status_transitions = { ...inv.status_transitions, finalized_at: now };
    inv.confirmation_secret = pi
      ? { client_secret: pi.client_secret!, type: 'payment_intent' }
      : null;
  });
  if (invoice.amount_due === 0) markPaid(engine, invoice);
  return invoice;
}

/** Marks an invoice paid; emits `invoice.paid` and `invoice.payment_succeeded`, then updates its subscription. */
function markPaid(engine: Engine, invoice: Stripe.Invoice): void {
  const now = engine.clock.now();
  const previous = {
    status: invoice.status,
    amount_paid: invoice.amount_paid,
    amount_remaining: invoice.amount_remaining,
    next_payment_attempt: invoice.next_payment_attempt,
  };
  invoice.status = 'paid';
  invoice.amount_paid = invoice.amount_due;
  invoice.amount_remaining = 0;
  invoice.next_payment_attempt = null;
  invoice.status_transitions = { ...invoice.status_transitions, paid_at: now };
  delete engine.state.internal.dunningStart[invoice.id];
  emit(engine, 'invoice.paid', invoice, previous);
  emit(engine, 'invoice.payment_succeeded', invoice, previous);
  onInvoicePaid(engine, invoice);
}

/** How a payment is being attempted. */
interface AttemptOptions {
  /** Payment method to use; default: invoice → subscription → customer default. */
  paymentMethod?: string | null;
  /** The customer just passed a 3DS challenge for this payment. */
  authenticated?: boolean;
  /** An automatic (off-session, scheduled) attempt: counts towards dunning. */
  automatic?: boolean;
}

/** The payment method an invoice would be charged with. */
export function defaultPaymentMethodFor(engine: Engine, invoice: Stripe.Invoice): string | null {
  const subId = invoice.parent?.subscription_details?.subscription;
  const sub = subId ? engine.state.subscriptions[idOf(subId)!] : undefined;
  const customer = engine.state.customers[idOf(invoice.customer)!];
  return (
    idOf(invoice.default_payment_method) ??
    idOf(sub?.default_payment_method) ??
    idOf(customer?.invoice_settings?.default_payment_method) ??
    null
  );
}

/**
 * Attempts to collect an open invoice and applies the result: paid, failed (with
 * `attempt_count` and, for automatic attempts, the next dunning retry), or action required.
 */
export function attemptInvoicePayment(
  engine: Engine,
  invoice: Stripe.Invoice,
  options: AttemptOptions = {},
): PaymentOutcome | 'no_payment_method' {
  if (invoice.status === 'paid') return 'succeeded';
  if (invoice.status !== 'open') {
    throw invalidRequest(
      `Invoice is not open; its status is ${invoice.status}.`,
      'invoice',
      'invoice_not_open',
    );
  }
  const pmId = options.paymentMethod ?? defaultPaymentMethodFor(engine, invoice);
  const pi = invoicePaymentIntent(engine, invoice);
  if (!pi) {
    markPaid(engine, invoice);
    return 'succeeded';
  }
  if (!pmId) {
    recordFailure(engine, invoice, options);
    return 'no_payment_method';
  }
  if (pi.status === 'succeeded') {
    markPaid(engine, invoice);
    return 'succeeded';
  }
  const outcome = confirmPaymentIntent(engine, pi, pmId, {
    authenticated: options.authenticated,
    actionUrl: invoice.hosted_invoice_url,
  });
  if (outcome === 'succeeded') {
    invoice.attempt_count += 1;
    invoice.attempted = true;
    markPaid(engine, invoice);
  } else if (outcome === 'requires_action') {
    invoice.attempt_count += 1;
    invoice.attempted = true;
    emit(engine, 'invoice.payment_action_required', invoice);
    onInvoiceFailed(engine, invoice, 'requires_action');
  } else {
    recordFailure(engine, invoice, options);
  }
  return outcome;
}

function recordFailure(engine: Engine, invoice: Stripe.Invoice, options: AttemptOptions): void {
  const now = engine.clock.now();
  const internal = engine.state.internal;
  const retried =
    invoice.billing_reason === 'subscription_cycle' ||
    invoice.billing_reason === 'subscription_update';
  const isPendingUpdate = Object.values(internal.pendingUpdateInvoice).includes(invoice.id);
  const previous = {
    attempt_count: invoice.attempt_count,
    attempted: invoice.attempted,
    next_payment_attempt: invoice.next_payment_attempt,
  };
  invoice.attempt_count += 1;
  invoice.attempted = true;
  let next: number | null = null;
  if (
    retried &&
    !isPendingUpdate &&
    (options.automatic || invoice.billing_reason === 'subscription_update')
  ) {
    const start = internal.dunningStart[invoice.id] ?? now;
    internal.dunningStart[invoice.id] = start;
    const delay = engine.config.dunning.retries[invoice.attempt_count - 1];
    next = delay === undefined ? null : start + delay;
  } else if (invoice.next_payment_attempt !== null && invoice.next_payment_attempt > now) {
    next = invoice.next_payment_attempt;
  }
  invoice.next_payment_attempt = next;
  emit(engine, 'invoice.payment_failed', invoice, previous);
  onInvoiceFailed(engine, invoice, next === null && options.automatic ? 'final' : 'failed');
}

/**
 * Settles the 3DS challenge on an invoice's payment (the hosted invoice page's "Complete" /
 * "Fail" buttons). Returns the outcome.
 */
export function authenticateInvoicePayment(
  engine: Engine,
  invoiceId: string,
  result: 'complete' | 'fail',
): PaymentOutcome {
  const invoice = getInvoice(engine, invoiceId);
  const pi = invoicePaymentIntent(engine, invoice);
  if (pi?.status !== 'requires_action') {
    throw invalidRequest('This invoice has no payment awaiting authentication.', 'invoice');
  }
  if (result === 'fail') {
    failAuthentication(engine, pi);
    return 'failed';
  }
  return attemptInvoicePayment(engine, invoice, {
    paymentMethod: idOf(pi.payment_method),
    authenticated: true,
  }) as PaymentOutcome;
}

/** Voids an open invoice; emits `invoice.voided`. */
export function voidInvoice(engine: Engine, invoice: Stripe.Invoice): void {
  if (invoice.status !== 'open' && invoice.status !== 'draft') {
    throw invalidRequest(
      `You can only void an open invoice; this one is ${invoice.status}.`,
      'invoice',
    );
  }
  const pi = invoicePaymentIntent(engine, invoice);
  if (pi && pi.status !== 'succeeded' && pi.status !== 'canceled')
    cancelPaymentIntent(engine, pi, 'void_invoice');
  const now = engine.clock.now();
  update(engine, 'invoice.voided', invoice, (inv) => {
    inv.status = 'void';
    inv.next_payment_attempt = null;
    inv.amount_remaining = 0;
    inv.status_transitions = { ...inv.status_transitions, voided_at: now };
  });
}

/** Pays an invoice whose payment intent succeeded through `paymentIntents.confirm`. */
export function settleFromPaymentIntent(engine: Engine, pi: Stripe.PaymentIntent): void {
  const invoiceId = engine.state.internal.paymentInvoice[pi.id];
  const invoice = invoiceId ? engine.state.invoices[invoiceId] : undefined;
  if (invoice && invoice.status === 'open' && pi.status === 'succeeded') {
    invoice.attempt_count += 1;
    invoice.attempted = true;
    markPaid(engine, invoice);
  }
}
