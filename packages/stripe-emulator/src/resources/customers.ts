import type { Engine } from '../engine/context.js';
import {
  createCustomer,
  deleteCustomer,
  getCustomer,
  updateCustomer,
} from '../engine/customers.js';
import { resolvePaymentMethod } from '../engine/payment-methods.js';
import { cancelNow } from '../engine/subscription-status.js';
import { must } from '../engine/util.js';
import { createdFilter, paginate } from '../http/list.js';
import type { Reader } from '../http/params.js';
import type { Route } from '../http/router.js';

function input(engine: Engine, p: Reader) {
  const settings = p.obj('invoice_settings');
  let pm = settings?.strOrNull('default_payment_method');
  if (pm) pm = resolvePaymentMethod(engine, pm, 'invoice_settings[default_payment_method]').id;
  const clock = p.str('test_clock');
  if (clock) must(engine.state.testClocks, clock, 'test_helpers.test_clock', 'test_clock');
  return {
    email: p.strOrNull('email'),
    name: p.strOrNull('name'),
    description: p.strOrNull('description'),
    phone: p.strOrNull('phone'),
    metadata: p.meta() || undefined,
    test_clock: clock,
    ...(pm !== undefined ? { invoice_settings: { default_payment_method: pm } } : {}),
  };
}

/** /v1/customers */
export const customerRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v1/customers',
    handler: ({ engine, params }) => createCustomer(engine, input(engine, params)),
  },
  {
    method: 'GET',
    path: '/v1/customers/:id',
    handler: ({ engine, ids }) => must(engine.state.customers, ids[0]!, 'customer'),
  },
  {
    method: 'POST',
    path: '/v1/customers/:id',
    handler: ({ engine, ids, params }) => {
      const customer = getCustomer(engine, ids[0]!, 'id');
      if (params.meta() === '') customer.metadata = {};
      return updateCustomer(engine, ids[0]!, input(engine, params));
    },
  },
  {
    method: 'DELETE',
    path: '/v1/customers/:id',
    handler: ({ engine, ids }) => {
      getCustomer(engine, ids[0]!, 'id');
      for (const sub of Object.values(engine.state.subscriptions)) {
        if (sub.customer === ids[0]) cancelNow(engine, sub, 'cancellation_requested');
      }
      return deleteCustomer(engine, ids[0]!);
    },
  },
  {
    method: 'GET',
    path: '/v1/customers',
    handler: ({ engine, params }) => {
      const email = params.str('email');
      const clock = params.str('test_clock');
      const items = createdFilter(Object.values(engine.state.customers), params).filter(
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
    handler: ({ engine, ids, params }) => {
      getCustomer(engine, ids[0]!, 'customer');
      const items = Object.values(engine.state.paymentMethods).filter(
        (pm) => pm.customer === ids[0],
      );
      return paginate(items, params, `/v1/customers/${ids[0]}/payment_methods`);
    },
  },
];
