import type Stripe from 'stripe';
import { invalidRequest } from '../errors.js';
import type { Engine } from './context.js';
import { fullAddress, updateCustomer } from './customers.js';
import { locationOf } from './tax.js';
import { idOf } from './util.js';

/** The tax and address settings of `checkout.sessions.create`. */
export interface CheckoutTaxInput {
  automatic_tax?: { enabled: boolean };
  billing_address_collection?: 'auto' | 'required';
  tax_id_collection?: { enabled: boolean; required?: 'if_supported' | 'never' };
  customer_update?: { address?: 'auto' | 'never'; name?: 'auto' | 'never' };
}

/** What the customer enters on the page (or a test passes to `completeCheckout`). */
export interface CheckoutDetails {
  address?: Partial<Stripe.Address>;
  taxId?: { type: Stripe.Checkout.Session.CustomerDetails.TaxId.Type; value: string };
}

/**
 * Checks the settings as Stripe does for an existing customer: automatic tax needs an address
 * on the customer or `customer_update[address]: 'auto'`; tax ID collection needs
 * `customer_update[name]: 'auto'`. Answers the session's fields.
 */
export function checkoutTaxFields(
  engine: Engine,
  customerId: string | undefined,
  input: CheckoutTaxInput,
) {
  const update = input.customer_update;
  if (update && !customerId)
    throw invalidRequest('customer_update can only be used with customer.', 'customer_update');
  const customer = customerId ? engine.state.customers[customerId] : undefined;
  const automatic = input.automatic_tax?.enabled ?? false;
  if (automatic && customer && !customer.address?.country && update?.address !== 'auto')
    throw invalidRequest(
      "Automatic tax calculation in Checkout requires a valid address on the Customer. Add a valid address to the Customer or set `customer_update[address]` to 'auto' to save the address entered in Checkout to the Customer.",
      'customer_update[address]',
    );
  if (input.tax_id_collection?.enabled && customer && update?.name !== 'auto')
    throw invalidRequest(
      "Tax ID collection requires updating business name on the customer. To enable tax ID collection for an existing customer, set `customer_update[name]` to 'auto'.",
      'customer_update[name]',
    );
  const located = Boolean(customer?.address?.country);
  return {
    automatic_tax: {
      enabled: automatic,
      liability: automatic ? { type: 'self' as const } : null,
      provider: automatic ? 'stripe' : null,
      status: automatic ? (located ? 'complete' : 'requires_location_inputs') : null,
    } as Stripe.Checkout.Session.AutomaticTax,
    billing_address_collection: input.billing_address_collection ?? null,
    ...(input.tax_id_collection
      ? {
          tax_id_collection: {
            enabled: input.tax_id_collection.enabled,
            required: input.tax_id_collection.required ?? 'never',
          },
        }
      : {}),
  };
}

/** Whether the page must ask for a billing address (country at least). */
export function asksAddress(engine: Engine, session: Stripe.Checkout.Session): boolean {
  if (session.billing_address_collection === 'required') return true;
  if (!session.automatic_tax.enabled) return false;
  const customer = session.customer ? engine.state.customers[idOf(session.customer)!] : null;
  const update = engine.state.internal.checkoutCustomerUpdate[session.id];
  return !customer?.address?.country || update?.address === 'auto';
}

/**
 * Checks what the customer entered against what the session asks for and answers the address
 * to keep (`null` when none is collected).
 */
export function checkDetails(
  engine: Engine,
  session: Stripe.Checkout.Session,
  details: CheckoutDetails,
): Stripe.Address | null {
  if (asksAddress(engine, session) && !details.address?.country)
    throw invalidRequest('Enter your billing address (at least its country).', 'address[country]');
  if (session.tax_id_collection?.required === 'if_supported' && !details.taxId)
    throw invalidRequest('Enter your tax ID.', 'tax_id');
  return details.address ? fullAddress(details.address) : null;
}

/** Saves a collected address on an existing customer when `customer_update[address]` is `auto`. */
export function saveAddress(
  engine: Engine,
  session: Stripe.Checkout.Session,
  customerId: string,
  address: Stripe.Address | null,
): void {
  const update = engine.state.internal.checkoutCustomerUpdate[session.id];
  if (address && session.customer && update?.address === 'auto')
    updateCustomer(engine, customerId, { address });
}

/** The session's tax as the first invoice would charge it (for `total_details`). */
export function sessionLocation(engine: Engine, session: Stripe.Checkout.Session) {
  const customer = session.customer ? engine.state.customers[idOf(session.customer)!] : null;
  return locationOf(customer ?? null);
}
