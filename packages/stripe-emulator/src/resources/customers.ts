import type Stripe from 'stripe';
import type { Engine } from '../engine/context.js';
import { setBalance } from '../engine/customer-balance.js';
import {
  createCustomer,
  deleteCustomer,
  getCustomer,
  updateCustomer,
} from '../engine/customers.js';
import { attachPaymentMethod, resolvePaymentMethod } from '../engine/payment-methods.js';
import { cancelNow } from '../engine/subscription-status.js';
import { checkClockCustomerLimit } from '../engine/test-clocks.js';
import { must } from '../engine/util.js';
import { createdFilter, paginate } from '../http/list.js';
import type { Reader } from '../http/params.js';
import type { Route } from '../http/router.js';
import { hash, int, metadata, oneOf, PAGINATION, range, str } from '../http/schema.js';
import { valuesOf } from '../state.js';

const CUSTOMER_FIELDS = {
  email: str(),
  name: str(),
  description: str(),
  phone: str(),
  metadata,
  invoice_settings: hash({ default_payment_method: str() }),
  address: hash({
    line1: str(),
    line2: str(),
    city: str(),
    state: str(),
    postal_code: str(),
    country: str({ note: 'two-letter code; picks the tax rate' }),
  }),
  tax_exempt: oneOf(['exempt', 'none', 'reverse']),
  balance: int({ note: 'negative is credit for the next invoices' }),
};

const CUSTOMER_CREATE = { ...CUSTOMER_FIELDS, test_clock: str(), payment_method: str() };

/** `address` of a create or update; `''` removes it. */
export function addressOf(p: Reader, key = 'address'): Partial<Stripe.Address> | null {
  const a = p.obj(key);
  if (!a) return null;
  const keys = ['line1', 'line2', 'city', 'state', 'postal_code', 'country'] as const;
  return Object.fromEntries(
    keys.filter((k) => a.has(k)).map((k) => [k, a.strOrNull(k)]),
  ) as Partial<Stripe.Address>;
}

/** `resolved` maps a `pm_card_*` token already resolved in this request to its payment method. */
function input(engine: Engine, p: Reader, resolved: Record<string, string> = {}) {
  const settings = p.obj('invoice_settings');
  let pm = settings?.strOrNull('default_payment_method');
  if (pm)
    pm =
      resolved[pm] ??
      resolvePaymentMethod(engine, pm, 'invoice_settings[default_payment_method]').id;
  const clock = p.str('test_clock');
  if (clock) checkClockCustomerLimit(engine, clock);
  return {
    email: p.strOrNull('email'),
    name: p.strOrNull('name'),
    description: p.strOrNull('description'),
    phone: p.strOrNull('phone'),
    metadata: p.meta() || undefined,
    test_clock: clock,
    ...(p.has('address') ? { address: addressOf(p) } : {}),
    tax_exempt: p.str('tax_exempt') as Stripe.Customer.TaxExempt | undefined,
    ...(pm !== undefined ? { invoice_settings: { default_payment_method: pm } } : {}),
  };
}

/** /v1/customers */
export const customerRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v1/customers',
    parameters: CUSTOMER_CREATE,
    handler: ({ engine, params }) => {
      const token = params.str('payment_method');
      const pm = token ? resolvePaymentMethod(engine, token) : undefined;
      const customer = createCustomer(engine, input(engine, params, pm ? { [token!]: pm.id } : {}));
      if (pm) attachPaymentMethod(engine, pm.id, customer.id);
      const balance = params.int('balance');
      if (balance) setBalance(engine, customer, balance, 'initial');
      return customer;
    },
  },
  {
    method: 'GET',
    path: '/v1/customers/:id',
    parameters: {},
    handler: ({ engine, ids }) => must(engine.state.customers, ids[0]!, 'customer'),
  },
  {
    method: 'POST',
    path: '/v1/customers/:id',
    parameters: CUSTOMER_FIELDS,
    handler: ({ engine, ids, params }) => {
      const customer = getCustomer(engine, ids[0]!, 'id');
      if (params.meta() === '') customer.metadata = {};
      updateCustomer(engine, ids[0]!, input(engine, params));
      const balance = params.int('balance');
      if (balance !== undefined) setBalance(engine, customer, balance, 'adjustment');
      return customer;
    },
  },
  {
    method: 'DELETE',
    path: '/v1/customers/:id',
    parameters: {},
    handler: ({ engine, ids }) => {
      getCustomer(engine, ids[0]!, 'id');
      for (const sub of valuesOf(engine.state.subscriptions)) {
        if (sub.customer === ids[0]) cancelNow(engine, sub, 'cancellation_requested');
      }
      return deleteCustomer(engine, ids[0]!);
    },
  },
  {
    method: 'GET',
    path: '/v1/customers',
    parameters: { ...PAGINATION, created: range, email: str(), test_clock: str() },
    handler: ({ engine, params }) => {
      const email = params.str('email');
      const clock = params.str('test_clock');
      const items = createdFilter(valuesOf(engine.state.customers), params).filter(
        (c) =>
          !(c as { deleted?: boolean }).deleted &&
          (!email || c.email === email) &&
          (!clock || c.test_clock === clock),
      );
      return paginate(items, params, '/v1/customers');
    },
  },
  {
    method: 'GET',
    path: '/v1/customers/:id/payment_methods',
    parameters: {
      ...PAGINATION,
      type: oneOf(['card']),
      allow_redisplay: oneOf(['always', 'limited', 'unspecified']),
    },
    handler: ({ engine, ids, params }) => {
      getCustomer(engine, ids[0]!, 'customer');
      const type = params.str('type');
      const redisplay = params.str('allow_redisplay');
      const items = valuesOf(engine.state.paymentMethods).filter(
        (pm) =>
          pm.customer === ids[0] &&
          (!type || pm.type === type) &&
          (!redisplay || pm.allow_redisplay === redisplay),
      );
      return paginate(items, params, `/v1/customers/${ids[0]}/payment_methods`);
    },
  },
];
