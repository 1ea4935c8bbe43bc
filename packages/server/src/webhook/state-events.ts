/**
 * Event types that cannot change what a customer's snapshot holds (its subscription, latest and
 * open invoices with their payment state, the customer's link, trial flag and default payment
 * method). They are acknowledged and recorded in the ledger without reading Stripe; their hooks
 * still run, on the stored state. Every other type about a customer re-reads it.
 */
const NO_STATE_CHANGE = new Set([
  // A reminder: the trial end it announces is already stored (its hook runs on the snapshot).
  'customer.subscription.trial_will_end',
  // About an invoice to come, or one whose state the invoice.* events already carry.
  'invoice.upcoming',
  'invoice.sent',
  'invoice_payment.paid',
  // Created with the invoice it pays (invoice.finalized); its outcomes have events of their own.
  'payment_intent.created',
  // A session that ended without creating anything.
  'checkout.session.expired',
]);

/** Type prefixes of objects the snapshot never reads. */
const NO_STATE_PREFIXES = [
  'charge.', // payment state is read from the invoice and its payment intent
  'invoiceitem.', // pending items change the next invoice, not the current state
  'payment_method.', // attaching one changes nothing until the customer's default does (customer.updated)
  'billing_portal.',
  'setup_intent.',
  'customer.tax_id.',
];

/** Whether an event of this type may change a customer's billing state (and needs a read). */
export function changesBillingState(type: string): boolean {
  return !NO_STATE_CHANGE.has(type) && !NO_STATE_PREFIXES.some((prefix) => type.startsWith(prefix));
}
