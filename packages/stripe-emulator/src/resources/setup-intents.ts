import { getCustomer } from '../engine/customers.js';
import { update } from '../engine/emit.js';
import { confirmSetupIntent, createSetupIntent, getSetupIntent } from '../engine/setup-intents.js';
import { mergeMetadata } from '../engine/util.js';
import { invalidRequest } from '../errors.js';
import { paginate } from '../http/list.js';
import type { Route } from '../http/router.js';
import { bool, metadata, oneOf, PAGINATION, str } from '../http/schema.js';
import { valuesOf } from '../state.js';

/** /v1/setup_intents */
export const setupIntentRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v1/setup_intents',
    parameters: {
      customer: str(),
      payment_method: str(),
      usage: oneOf(['on_session', 'off_session']),
      metadata,
      description: str(),
      confirm: bool(),
    },
    handler: ({ engine, params }) => {
      const customer = params.str('customer');
      if (customer) getCustomer(engine, customer);
      const usage = params.str('usage');
      if (usage && usage !== 'on_session' && usage !== 'off_session')
        throw invalidRequest(`Invalid usage: ${usage}`, 'usage');
      const si = createSetupIntent(engine, {
        customer,
        payment_method: params.str('payment_method'),
        usage: usage as 'on_session' | 'off_session' | undefined,
        metadata: params.meta() || undefined,
        description: params.strOrNull('description'),
      });
      return params.bool('confirm') ? confirmSetupIntent(engine, si, null) : si;
    },
  },
  {
    method: 'GET',
    path: '/v1/setup_intents/:id',
    parameters: {},
    handler: ({ engine, ids }) => getSetupIntent(engine, ids[0]!),
  },
  {
    method: 'POST',
    path: '/v1/setup_intents/:id',
    parameters: { payment_method: str(), metadata },
    handler: ({ engine, ids, params }) => {
      const si = getSetupIntent(engine, ids[0]!);
      const pm = params.str('payment_method');
      si.metadata = mergeMetadata(si.metadata ?? {}, params.meta());
      if (pm) {
        si.payment_method = pm;
        si.status = 'requires_confirmation';
      }
      return si;
    },
  },
  {
    method: 'POST',
    path: '/v1/setup_intents/:id/confirm',
    parameters: { payment_method: str() },
    handler: ({ engine, ids, params }) =>
      confirmSetupIntent(
        engine,
        getSetupIntent(engine, ids[0]!),
        params.str('payment_method') ?? null,
      ),
  },
  {
    method: 'POST',
    path: '/v1/setup_intents/:id/cancel',
    parameters: {},
    handler: ({ engine, ids }) => {
      const si = getSetupIntent(engine, ids[0]!);
      if (si.status === 'succeeded' || si.status === 'canceled') {
        throw invalidRequest(
          `You cannot cancel this SetupIntent because it has a status of ${si.status}.`,
          'intent',
          'setup_intent_unexpected_state',
        );
      }
      update(engine, 'setup_intent.canceled', si, (s) => {
        s.status = 'canceled';
        s.next_action = null;
      });
      return si;
    },
  },
  {
    method: 'GET',
    path: '/v1/setup_intents',
    parameters: { ...PAGINATION, customer: str() },
    handler: ({ engine, params }) => {
      const customer = params.str('customer');
      const items = valuesOf(engine.state.setupIntents).filter(
        (s) => !customer || s.customer === customer,
      );
      return paginate(items, params, '/v1/setup_intents');
    },
  },
];
