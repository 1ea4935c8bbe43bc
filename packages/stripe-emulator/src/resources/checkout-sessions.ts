import {
  createCheckoutSession,
  expireCheckoutSession,
  getCheckoutSession,
} from '../engine/checkout.js';
import { missingParam } from '../errors.js';
import { createdFilter, paginate } from '../http/list.js';
import { objects, type Reader } from '../http/params.js';
import type { Route } from '../http/router.js';
import {
  array,
  bool,
  hash,
  int,
  metadata,
  oneOf,
  PAGINATION,
  type ParamTable,
  range,
  str,
} from '../http/schema.js';
import { valuesOf } from '../state.js';
import { AUTOMATIC_TAX, automaticTax, TRIAL_SETTINGS } from './subscriptions.js';

const CHECKOUT_SESSION_CREATE: ParamTable = {
  mode: str({ required: true, note: 'subscription only' }),
  customer: str(),
  customer_email: str(),
  client_reference_id: str(),
  line_items: array(hash({ price: str({ required: true }), quantity: int({ min: 0 }) })),
  success_url: str(),
  cancel_url: str(),
  return_url: str(),
  ui_mode: str({ note: 'hosted_page or embedded_page' }),
  metadata,
  allow_promotion_codes: bool({ note: 'the hosted page takes a code' }),
  discounts: array(
    hash({ coupon: str(), promotion_code: str() }, { exclusive: [['coupon', 'promotion_code']] }),
  ),
  expires_at: int(),
  automatic_tax: AUTOMATIC_TAX,
  billing_address_collection: oneOf(['auto', 'required']),
  tax_id_collection: hash({
    enabled: bool({ required: true }),
    required: oneOf(['if_supported', 'never']),
  }),
  customer_update: hash({
    address: oneOf(['auto', 'never']),
    name: oneOf(['auto', 'never']),
  }),
  payment_method_collection: oneOf(['always', 'if_required']),
  subscription_data: hash({
    trial_period_days: int({ min: 1 }),
    trial_end: int(),
    metadata,
    description: str(),
    trial_settings: TRIAL_SETTINGS,
    billing_cycle_anchor: int({ note: 'unix time within the first natural period; no trial' }),
    proration_behavior: oneOf(['create_prorations', 'none']),
  }),
};

function taxIdCollection(p: Reader) {
  const t = p.obj('tax_id_collection');
  if (!t) return {};
  return {
    tax_id_collection: {
      enabled: t.bool('enabled') ?? false,
      required: t.str('required') as 'if_supported' | 'never' | undefined,
    },
  };
}

function customerUpdate(p: Reader) {
  const u = p.obj('customer_update');
  if (!u) return {};
  return {
    customer_update: {
      address: u.str('address') as 'auto' | 'never' | undefined,
      name: u.str('name') as 'auto' | 'never' | undefined,
    },
  };
}

/** /v1/checkout/sessions */
export const checkoutSessionRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v1/checkout/sessions',
    parameters: CHECKOUT_SESSION_CREATE,
    exclusive: [
      ['customer', 'customer_email'],
      ['allow_promotion_codes', 'discounts'],
    ],
    handler: ({ engine, params }) => {
      const data = params.obj('subscription_data');
      const trialSettings = data?.obj('trial_settings')?.obj('end_behavior');
      const lineItems = objects(params, 'line_items')?.map((li, i) => {
        const price = li.str('price');
        if (!price) throw missingParam(`line_items[${i}][price]`);
        return { price, quantity: li.int('quantity') };
      });
      return createCheckoutSession(engine, {
        mode: params.str('mode') as 'subscription' | undefined,
        customer: params.str('customer'),
        customer_email: params.str('customer_email'),
        client_reference_id: params.str('client_reference_id'),
        line_items: lineItems,
        success_url: params.str('success_url'),
        cancel_url: params.str('cancel_url'),
        return_url: params.str('return_url'),
        ui_mode: params.str('ui_mode') as 'hosted_page' | 'embedded_page' | undefined,
        metadata: params.meta() || undefined,
        allow_promotion_codes: params.bool('allow_promotion_codes'),
        discounts: objects(params, 'discounts')?.map((d) => ({
          coupon: d.str('coupon'),
          promotion_code: d.str('promotion_code'),
        })),
        expires_at: params.int('expires_at'),
        automatic_tax: automaticTax(params),
        billing_address_collection: params.str('billing_address_collection') as
          | 'auto'
          | 'required'
          | undefined,
        ...taxIdCollection(params),
        ...customerUpdate(params),
        payment_method_collection: params.str('payment_method_collection') as
          | 'always'
          | 'if_required'
          | undefined,
        ...(data
          ? {
              subscription_data: {
                trial_period_days: data.int('trial_period_days'),
                trial_end: data.int('trial_end'),
                metadata: data.meta() || undefined,
                description: data.str('description'),
                billing_cycle_anchor: data.int('billing_cycle_anchor'),
                proration_behavior: data.str('proration_behavior') as
                  | 'create_prorations'
                  | 'none'
                  | undefined,
                ...(trialSettings
                  ? {
                      trial_settings: {
                        end_behavior: {
                          missing_payment_method: (trialSettings.str('missing_payment_method') ??
                            'create_invoice') as 'cancel' | 'create_invoice' | 'pause',
                        },
                      },
                    }
                  : {}),
              },
            }
          : {}),
      });
    },
  },
  {
    method: 'GET',
    path: '/v1/checkout/sessions/:id',
    parameters: {},
    handler: ({ engine, ids }) => getCheckoutSession(engine, ids[0]!),
  },
  {
    method: 'POST',
    path: '/v1/checkout/sessions/:id/expire',
    parameters: {},
    handler: ({ engine, ids }) => expireCheckoutSession(engine, ids[0]!),
  },
  {
    method: 'GET',
    path: '/v1/checkout/sessions/:id/line_items',
    parameters: PAGINATION,
    handler: ({ engine, ids, params }) => {
      getCheckoutSession(engine, ids[0]!);
      const items = (engine.state.internal.checkoutLineItems[ids[0]!] ?? []).slice().reverse();
      return paginate(items, params, `/v1/checkout/sessions/${ids[0]}/line_items`);
    },
  },
  {
    method: 'GET',
    path: '/v1/checkout/sessions',
    parameters: {
      ...PAGINATION,
      created: range,
      customer: str(),
      subscription: str(),
      status: oneOf(['complete', 'expired', 'open']),
    },
    handler: ({ engine, params }) => {
      const customer = params.str('customer');
      const subscription = params.str('subscription');
      const status = params.str('status');
      const items = createdFilter(valuesOf(engine.state.checkoutSessions), params).filter(
        (s) =>
          (!customer || s.customer === customer) &&
          (!subscription || s.subscription === subscription) &&
          (!status || s.status === status),
      );
      return paginate(items, params, '/v1/checkout/sessions');
    },
  },
];
