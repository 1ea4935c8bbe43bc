import type Stripe from 'stripe';
import { newId, randomToken } from '../ids.js';
import type { Engine } from './context.js';
import { emit, update } from './emit.js';
import { mergeMetadata, must } from './util.js';

/** Parameters for {@link createCustomer}. */
interface CustomerInput {
  email?: string | null;
  name?: string | null;
  description?: string | null;
  phone?: string | null;
  metadata?: Record<string, string>;
  test_clock?: string | null;
  invoice_settings?: { default_payment_method?: string | null };
  /** `null` removes it. */
  address?: Partial<Stripe.Address> | null;
  tax_exempt?: Stripe.Customer.TaxExempt;
}

/** An address with every field Stripe has (missing ones `null`). */
export function fullAddress(a: Partial<Stripe.Address>): Stripe.Address {
  return {
    city: a.city ?? null,
    country: a.country?.toUpperCase() ?? null,
    line1: a.line1 ?? null,
    line2: a.line2 ?? null,
    postal_code: a.postal_code ?? null,
    state: a.state ?? null,
  };
}

/** Creates a customer; emits `customer.created`. */
export function createCustomer(engine: Engine, input: CustomerInput = {}): Stripe.Customer {
  const customer = {
    id: newId('cus'),
    object: 'customer',
    address: input.address ? fullAddress(input.address) : null,
    balance: 0,
    created: engine.clock.now(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: input.description ?? null,
    discount: null,
    email: input.email ?? null,
    invoice_prefix: randomToken(8).toUpperCase(),
    invoice_settings: {
      custom_fields: null,
      default_payment_method: input.invoice_settings?.default_payment_method ?? null,
      footer: null,
      rendering_options: null,
    },
    livemode: false,
    metadata: mergeMetadata({}, input.metadata),
    name: input.name ?? null,
    next_invoice_sequence: 1,
    phone: input.phone ?? null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: input.tax_exempt ?? 'none',
    test_clock: input.test_clock ?? null,
    customer_account: null,
  } satisfies Stripe.Customer;
  engine.state.customers[customer.id] = customer;
  emit(engine, 'customer.created', customer);
  return customer;
}

/** The customer with `id`, or a 404. */
export function getCustomer(engine: Engine, id: string, param = 'customer'): Stripe.Customer {
  const customer = must(engine.state.customers, id, 'customer', param);
  if ((customer as { deleted?: boolean }).deleted) throw must({}, id, 'customer', param);
  return customer;
}

/** Updates a customer; emits `customer.updated` with previous attributes. */
export function updateCustomer(engine: Engine, id: string, input: CustomerInput): Stripe.Customer {
  const customer = getCustomer(engine, id, 'id');
  update(engine, 'customer.updated', customer, (c) => {
    if (input.email !== undefined) c.email = input.email || null;
    if (input.name !== undefined) c.name = input.name || null;
    if (input.description !== undefined) c.description = input.description || null;
    if (input.phone !== undefined) c.phone = input.phone || null;
    c.metadata = mergeMetadata(c.metadata, input.metadata);
    if (input.address !== undefined)
      c.address = input.address ? fullAddress({ ...c.address, ...input.address }) : null;
    if (input.tax_exempt !== undefined) c.tax_exempt = input.tax_exempt;
    const pm = input.invoice_settings?.default_payment_method;
    if (pm !== undefined)
      c.invoice_settings = { ...c.invoice_settings, default_payment_method: pm || null };
  });
  return customer;
}

/** Deletes a customer (callers cancel its subscriptions first); emits `customer.deleted`. */
export function deleteCustomer(engine: Engine, id: string): Stripe.DeletedCustomer {
  const customer = getCustomer(engine, id, 'id');
  const tombstone: Stripe.DeletedCustomer = { id, object: 'customer', deleted: true };
  // Stripe keeps answering `retrieve` for a deleted customer with `{id, deleted: true}`.
  engine.state.customers[id] = tombstone as unknown as Stripe.Customer;
  emit(engine, 'customer.deleted', customer);
  return tombstone;
}
