/**
 * What a customer does in a browser that the SDK cannot express — pay on the hosted checkout
 * page, answer a 3-D Secure challenge — as plain functions for a test suite. Each one changes
 * state and emits events exactly as the hosted pages do.
 */
import type Stripe from 'stripe';
import type { Emulator } from './emulator.js';
import {
  type CheckoutPayment,
  type CheckoutResult,
  completeCheckout as complete,
  settleCheckoutAction,
} from './engine/checkout.js';
import type { CheckoutDetails } from './engine/checkout-tax.js';
import { authenticateInvoicePayment } from './engine/invoices.js';
import type { PaymentOutcome } from './engine/payments.js';
import { authenticateSetupIntent } from './engine/setup-intents.js';

export type { CheckoutPayment, CheckoutResult, PaymentOutcome };

/**
 * Pays an open checkout session as the hosted page would: `{paymentMethod: 'pm_card_visa'}`,
 * typed `{card: {number}}`, or `null` for a free trial with `payment_method_collection:
 * 'if_required'`; `customer.promotionCode` is a code typed on the page (with
 * `allow_promotion_codes`), `customer.address` the billing address (required with
 * `billing_address_collection: 'required'` or automatic tax for a customer without one) and
 * `customer.taxId` a tax ID (`tax_id_collection`). Declines come back as `{status: 'failed', error}` (the session stays open);
 * a 3-D Secure card stops at `requires_action` until {@link authenticateCheckout}.
 * @example
 * const session = await stripe.checkout.sessions.create({ mode: 'subscription', … });
 * completeCheckout(emulator, session.id, { paymentMethod: 'pm_card_visa' });
 */
export function completeCheckout(
  emulator: Emulator,
  sessionId: string,
  payment: CheckoutPayment,
  customer: { email?: string; name?: string; promotionCode?: string } & CheckoutDetails = {},
): CheckoutResult {
  return complete(emulator.engine, sessionId, payment, customer);
}

/** Answers the 3-D Secure challenge of a checkout: `complete` finishes it, `fail` declines it. */
export function authenticateCheckout(
  emulator: Emulator,
  sessionId: string,
  result: 'complete' | 'fail',
): CheckoutResult {
  return settleCheckoutAction(emulator.engine, sessionId, result);
}

/** Answers the 3-D Secure challenge on an invoice's payment (the hosted invoice page's buttons). */
export function authenticateInvoice(
  emulator: Emulator,
  invoiceId: string,
  result: 'complete' | 'fail',
): PaymentOutcome {
  return authenticateInvoicePayment(emulator.engine, invoiceId, result);
}

/** Answers the 3-D Secure challenge of a SetupIntent in `requires_action` (what stripe.js would do). */
export function authenticateSetup(
  emulator: Emulator,
  setupIntentId: string,
  result: 'complete' | 'fail',
): Stripe.SetupIntent {
  return authenticateSetupIntent(emulator.engine, setupIntentId, result);
}
