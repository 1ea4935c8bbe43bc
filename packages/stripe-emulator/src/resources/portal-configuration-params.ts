import type Stripe from 'stripe';
import { invalidRequest } from '../errors.js';
import { objects, type Reader } from '../http/params.js';
import { array, bool, hash, metadata, oneOf, type ParamTable, str } from '../http/schema.js';

const ENABLED = hash({ enabled: bool({ required: true }) });

/** `features` of a configuration. */
export const FEATURES: ParamTable = {
  invoice_history: ENABLED,
  payment_method_update: ENABLED,
  customer_update: hash({ enabled: bool() }),
  subscription_cancel: hash({
    enabled: bool(),
    mode: oneOf(['at_period_end', 'immediately']),
    proration_behavior: oneOf(['always_invoice', 'create_prorations', 'none']),
  }),
  subscription_update: hash({
    enabled: bool(),
    default_allowed_updates: array(oneOf(['price', 'promotion_code', 'quantity'])),
    proration_behavior: oneOf(['always_invoice', 'create_prorations', 'none']),
    products: array(
      hash({ product: str({ required: true }), prices: array(str(), { required: true }) }),
    ),
  }),
};

/** Parameters shared by configuration create and update. */
export const CONFIGURATION: ParamTable = {
  business_profile: hash({
    headline: str(),
    privacy_policy_url: str(),
    terms_of_service_url: str(),
  }),
  default_return_url: str(),
  features: hash(FEATURES),
  metadata,
  name: str(),
};

type Features = Stripe.BillingPortal.Configuration.Features;
type Cancel = Features['subscription_cancel'];
type Update = Features['subscription_update'];

/**
 * Applies `business_profile`, `default_return_url`, `features`, `metadata` and `name` from a
 * configurations create/update request onto `config`, as Stripe merges them.
 */
export function applyPortalConfigurationParams(
  config: Stripe.BillingPortal.Configuration,
  params: Reader,
): void {
  const returnUrl = params.strOrNull('default_return_url');
  if (returnUrl !== undefined) config.default_return_url = returnUrl;
  const name = params.strOrNull('name');
  if (name !== undefined) config.name = name;
  const active = params.bool('active');
  if (active !== undefined) config.active = active;
  const metadata = params.meta();
  if (metadata !== undefined)
    config.metadata = metadata === '' ? {} : { ...config.metadata, ...metadata };
  const profile = params.obj('business_profile');
  if (profile) {
    for (const key of ['headline', 'privacy_policy_url', 'terms_of_service_url'] as const) {
      const value = profile.strOrNull(key);
      if (value !== undefined) config.business_profile[key] = value;
    }
  }
  const features = params.obj('features');
  if (features) applyFeatures(config.features, features);
}

function applyFeatures(target: Features, features: Reader): void {
  const toggle = (key: 'invoice_history' | 'payment_method_update' | 'customer_update') => {
    const enabled = features.obj(key)?.bool('enabled');
    if (enabled !== undefined) target[key].enabled = enabled;
  };
  toggle('invoice_history');
  toggle('payment_method_update');
  toggle('customer_update');

  const cancel = features.obj('subscription_cancel');
  if (cancel) {
    const enabled = cancel.bool('enabled');
    if (enabled !== undefined) target.subscription_cancel.enabled = enabled;
    const mode = cancel.str('mode');
    if (mode) target.subscription_cancel.mode = mode as Cancel['mode'];
    const proration = cancel.str('proration_behavior');
    if (proration) {
      target.subscription_cancel.proration_behavior = proration as Cancel['proration_behavior'];
    }
  }

  const update = features.obj('subscription_update');
  if (update) {
    const enabled = update.bool('enabled');
    if (enabled !== undefined) target.subscription_update.enabled = enabled;
    const allowed = update.strings('default_allowed_updates');
    if (allowed) {
      target.subscription_update.default_allowed_updates =
        allowed as Update['default_allowed_updates'];
    }
    const proration = update.str('proration_behavior');
    if (proration) {
      target.subscription_update.proration_behavior = proration as Update['proration_behavior'];
    }
    const products = objects(update, 'products');
    if (products) {
      target.subscription_update.products = products.map((product, index) => {
        const id = product.str('product');
        const prices = product.strings('prices');
        if (!id || !prices?.length) {
          throw invalidRequest(
            `Missing required param: features[subscription_update][products][${index}] needs product and prices.`,
            `features[subscription_update][products][${index}]`,
          );
        }
        return {
          product: id,
          prices,
          adjustable_quantity: { enabled: false, maximum: null, minimum: 1 },
        };
      });
    }
  }
}
