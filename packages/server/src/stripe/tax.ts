import type Stripe from 'stripe';
import type { CheckoutOptions } from '../config';

/**
 * Checkout's tax settings from the config. Stripe needs the customer's address (and, for tax
 * IDs, their name) saved back to the existing customer, so `customer_update` asks for it.
 */
export function checkoutTax(
  options: CheckoutOptions,
): Partial<Stripe.Checkout.SessionCreateParams> {
  const update: Stripe.Checkout.SessionCreateParams.CustomerUpdate = {};
  if (options.automaticTax || options.billingAddress === 'required') update.address = 'auto';
  if (options.taxIdCollection) update.name = 'auto';
  return {
    ...(options.automaticTax ? { automatic_tax: { enabled: true } } : {}),
    ...(options.taxIdCollection ? { tax_id_collection: { enabled: true } } : {}),
    ...(options.billingAddress ? { billing_address_collection: options.billingAddress } : {}),
    ...(Object.keys(update).length ? { customer_update: update } : {}),
  };
}
