import { update } from '../engine/emit.js';
import {
  attachPaymentMethod,
  createCardPaymentMethod,
  detachPaymentMethod,
  resolvePaymentMethod,
} from '../engine/payment-methods.js';
import { mergeMetadata } from '../engine/util.js';
import { invalidRequest, missingParam, resourceMissing } from '../errors.js';
import { paginate } from '../http/list.js';
import type { Route } from '../http/router.js';
import { hash, int, metadata, oneOf, PAGINATION, str } from '../http/schema.js';
import { valuesOf } from '../state.js';

/** /v1/payment_methods */
export const paymentMethodRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v1/payment_methods',
    parameters: {
      type: str({ required: true, note: 'card only' }),
      card: hash({ number: str(), token: str(), exp_month: int(), exp_year: int(), cvc: str() }),
      metadata,
    },
    handler: ({ engine, params }) => {
      const type = params.str('type');
      if (!type) throw missingParam('type');
      if (type !== 'card')
        throw invalidRequest('The emulator supports payment methods of type `card` only.', 'type');
      const card = params.obj('card');
      if (!card) throw missingParam('card');
      return createCardPaymentMethod(
        engine,
        {
          number: card.str('number'),
          token: card.str('token'),
          exp_month: card.int('exp_month'),
          exp_year: card.int('exp_year'),
          cvc: card.str('cvc'),
        },
        params.meta() || undefined,
      );
    },
  },
  {
    method: 'GET',
    path: '/v1/payment_methods/:id',
    parameters: {},
    handler: ({ engine, ids }) => {
      const pm = engine.state.paymentMethods[ids[0]!];
      if (!pm) throw resourceMissing('PaymentMethod', ids[0]!);
      return pm;
    },
  },
  {
    method: 'POST',
    path: '/v1/payment_methods/:id',
    parameters: { metadata },
    handler: ({ engine, ids, params }) => {
      const pm = engine.state.paymentMethods[ids[0]!];
      if (!pm) throw resourceMissing('PaymentMethod', ids[0]!);
      update(engine, 'payment_method.updated', pm, (p) => {
        p.metadata = mergeMetadata(p.metadata ?? {}, params.meta());
      });
      return pm;
    },
  },
  {
    method: 'POST',
    path: '/v1/payment_methods/:id/attach',
    parameters: { customer: str({ required: true }) },
    handler: ({ engine, ids, params }) => {
      const customer = params.str('customer');
      if (!customer) throw missingParam('customer');
      return attachPaymentMethod(engine, resolvePaymentMethod(engine, ids[0]!).id, customer);
    },
  },
  {
    method: 'POST',
    path: '/v1/payment_methods/:id/detach',
    parameters: {},
    handler: ({ engine, ids }) => detachPaymentMethod(engine, ids[0]!),
  },
  {
    method: 'GET',
    path: '/v1/payment_methods',
    parameters: { ...PAGINATION, customer: str(), type: oneOf(['card']) },
    handler: ({ engine, params }) => {
      const customer = params.str('customer');
      const type = params.str('type');
      const items = valuesOf(engine.state.paymentMethods).filter(
        (pm) =>
          (!customer || pm.customer === customer) &&
          (!type || pm.type === type) &&
          (customer ? true : pm.customer !== null),
      );
      return paginate(items, params, '/v1/payment_methods');
    },
  },
];
