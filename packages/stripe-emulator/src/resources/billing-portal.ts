import type Stripe from 'stripe';
import { update } from '../engine/emit.js';
import {
  createPortalSession,
  defaultPortalConfiguration,
  newPortalConfiguration,
  type PortalFlowInput,
  storePortalConfiguration,
} from '../engine/portal.js';
import { must } from '../engine/util.js';
import { invalidRequest } from '../errors.js';
import { paginate } from '../http/list.js';
import { objects, type Reader } from '../http/params.js';
import type { Route } from '../http/router.js';
import { array, bool, hash, int, oneOf, PAGINATION, type ParamTable, str } from '../http/schema.js';
import { valuesOf } from '../state.js';
import {
  applyPortalConfigurationParams,
  CONFIGURATION,
  FEATURES,
} from './portal-configuration-params.js';

const FLOW_SUBSCRIPTION = hash({ subscription: str({ required: true }) });

const PORTAL_SESSION_CREATE: ParamTable = {
  customer: str({ required: true }),
  return_url: str(),
  configuration: str(),
  locale: str(),
  flow_data: hash({
    type: oneOf(
      [
        'payment_method_update',
        'subscription_cancel',
        'subscription_update',
        'subscription_update_confirm',
      ],
      { required: true },
    ),
    after_completion: hash({
      type: oneOf(['hosted_confirmation', 'portal_homepage', 'redirect'], { required: true }),
      redirect: hash({ return_url: str({ required: true }) }),
    }),
    subscription_cancel: FLOW_SUBSCRIPTION,
    subscription_update: FLOW_SUBSCRIPTION,
    subscription_update_confirm: hash({
      subscription: str({ required: true }),
      items: array(hash({ id: str({ required: true }), price: str(), quantity: int({ min: 0 }) }), {
        required: true,
      }),
    }),
  }),
};

function flow(p: Reader): PortalFlowInput | undefined {
  const f = p.obj('flow_data');
  if (!f) return undefined;
  const after = f.obj('after_completion');
  const sub = (key: string) => {
    const o = f.obj(key);
    return o ? { subscription: o.str('subscription') ?? '' } : undefined;
  };
  const confirm = f.obj('subscription_update_confirm');
  return {
    type: (f.str('type') ?? '') as Stripe.BillingPortal.Session.Flow.Type,
    ...(after
      ? {
          after_completion: {
            type: (after.str('type') ?? 'portal_homepage') as
              | 'hosted_confirmation'
              | 'portal_homepage'
              | 'redirect',
            redirect: { return_url: after.obj('redirect')?.str('return_url') ?? '' },
          },
        }
      : {}),
    subscription_cancel: sub('subscription_cancel'),
    subscription_update: sub('subscription_update'),
    ...(confirm
      ? {
          subscription_update_confirm: {
            subscription: confirm.str('subscription') ?? '',
            items: (objects(confirm, 'items') ?? []).map((i) => ({
              id: i.str('id') ?? '',
              price: i.str('price'),
              quantity: i.int('quantity'),
            })),
          },
        }
      : {}),
  };
}

/** /v1/billing_portal/sessions and /configurations */
export const billingPortalRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v1/billing_portal/sessions',
    parameters: PORTAL_SESSION_CREATE,
    handler: ({ engine, params }) =>
      createPortalSession(engine, {
        customer: params.str('customer') ?? '',
        return_url: params.str('return_url'),
        configuration: params.str('configuration'),
        locale: params.str('locale') as Stripe.BillingPortal.Session.Locale | undefined,
        flow_data: flow(params),
      }),
  },
  {
    method: 'GET',
    path: '/v1/billing_portal/configurations',
    parameters: { ...PAGINATION, is_default: bool(), active: bool() },
    handler: ({ engine, params }) => {
      defaultPortalConfiguration(engine);
      const isDefault = params.bool('is_default');
      const items = valuesOf(engine.state.portalConfigurations).filter(
        (c) => isDefault === undefined || c.is_default === isDefault,
      );
      return paginate(items, params, '/v1/billing_portal/configurations');
    },
  },
  {
    method: 'GET',
    path: '/v1/billing_portal/configurations/:id',
    parameters: {},
    handler: ({ engine, ids }) =>
      must(
        engine.state.portalConfigurations,
        ids[0]!,
        'billing_portal.configuration',
        'configuration',
      ),
  },
  {
    method: 'POST',
    path: '/v1/billing_portal/configurations/:id',
    parameters: { ...CONFIGURATION, active: bool() },
    handler: ({ engine, ids, params }) => {
      const config = must(
        engine.state.portalConfigurations,
        ids[0]!,
        'billing_portal.configuration',
        'configuration',
      );
      update(engine, 'billing_portal.configuration.updated', config, (c) => {
        applyPortalConfigurationParams(c, params);
        c.updated = engine.clock.now();
      });
      return config;
    },
  },
  {
    method: 'POST',
    path: '/v1/billing_portal/configurations',
    parameters: { ...CONFIGURATION, features: hash(FEATURES, { required: true }) },
    handler: ({ engine, params }) => {
      if (!params.obj('features')) {
        throw invalidRequest('Missing required param: features.', 'features');
      }
      defaultPortalConfiguration(engine);
      const config = newPortalConfiguration(engine, false);
      applyPortalConfigurationParams(config, params);
      return storePortalConfiguration(engine, config);
    },
  },
];
