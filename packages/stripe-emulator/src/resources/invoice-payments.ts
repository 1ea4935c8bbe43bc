import type Stripe from 'stripe';
import { invoicePaymentIntent } from '../engine/invoices.js';
import { paginate } from '../http/list.js';
import type { Route } from '../http/router.js';
import { oneOf, PAGINATION, str } from '../http/schema.js';
import { valuesOf } from '../state.js';

/** Stripe's status of an invoice payment, from its payment intent and invoice. */
function statusOf(invoice: Stripe.Invoice, pi: Stripe.PaymentIntent): 'paid' | 'open' | 'canceled' {
  if (pi.status === 'succeeded') return 'paid';
  if (pi.status === 'canceled' || invoice.status === 'void') return 'canceled';
  return 'open';
}

/** The invoice payment of an invoice's current payment intent (one per invoice here). */
function invoicePayment(invoice: Stripe.Invoice, pi: Stripe.PaymentIntent): Stripe.InvoicePayment {
  const status = statusOf(invoice, pi);
  return {
    id: `inpay_${pi.id.slice('pi_'.length)}`,
    object: 'invoice_payment',
    amount_paid: status === 'paid' ? pi.amount_received : null,
    amount_requested: pi.amount,
    created: pi.created,
    currency: pi.currency,
    invoice: invoice.id,
    is_default: true,
    livemode: false,
    payment: { type: 'payment_intent', payment_intent: pi.id },
    status,
    status_transitions: {
      canceled_at: status === 'canceled' ? (pi.canceled_at ?? null) : null,
      paid_at: status === 'paid' ? (invoice.status_transitions?.paid_at ?? null) : null,
    },
  } as Stripe.InvoicePayment;
}

/** /v1/invoice_payments — listed by invoice (and status), the way Stripe links invoices to payments. */
export const invoicePaymentRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/invoice_payments',
    parameters: { ...PAGINATION, invoice: str(), status: oneOf(['canceled', 'open', 'paid']) },
    handler: ({ engine, params }) => {
      const invoiceId = params.str('invoice');
      const status = params.str('status');
      const items = valuesOf(engine.state.invoices)
        .filter((invoice) => !invoiceId || invoice.id === invoiceId)
        .flatMap((invoice) => {
          const pi = invoicePaymentIntent(engine, invoice);
          return pi ? [invoicePayment(invoice, pi)] : [];
        })
        .filter((payment) => !status || payment.status === status);
      return paginate(items, params, '/v1/invoice_payments');
    },
  },
];
