import type Stripe from 'stripe';
import { invalidRequest, missingParam } from '../errors.js';
import { newId } from '../ids.js';
import { valuesOf } from '../state.js';
import type { Engine } from './context.js';
import { getCustomer } from './customers.js';
import { emit } from './emit.js';
import { getSubscription } from './subscriptions.js';
import { must } from './util.js';

/** The default portal configuration (created on first use, like Stripe's dashboard default). */
export function defaultPortalConfiguration(engine: Engine): Stripe.BillingPortal.Configuration {
  const existing = valuesOf(engine.state.portalConfigurations).find((c) => c.is_default);
  return existing ?? storePortalConfiguration(engine, newPortalConfiguration(engine, true));
}

/** Saves a configuration and emits `billing_portal.configuration.created`. */
export function storePortalConfiguration(
  engine: Engine,
  config: Stripe.BillingPortal.Configuration,
): Stripe.BillingPortal.Configuration {
  engine.state.portalConfigurations[config.id] = config;
  emit(engine, 'billing_portal.configuration.created', config);
  return config;
}

/** A configuration with Stripe's default features (cancel at period end, card update, price switch). */
export function newPortalConfiguration(
  engine: Engine,
  isDefault: boolean,
): Stripe.BillingPortal.Configuration {
  const now = engine.clock.now();
  const config = {
    id: newId('bpc'),
    object: 'billing_portal.configuration',
    active: true,
    application: null,
    business_profile: { headline: null, privacy_policy_url: null, terms_of_service_url: null },
    created: now,
    default_return_url: null,
    features: {
      customer_update: { allowed_updates: ['email', 'address'], enabled: true },
      invoice_history: { enabled: true },
      payment_method_update: { enabled: true, payment_method_configuration: null },
      subscription_cancel: {
        cancellation_reason: {
          enabled: true,
          feedback_options: null,
          options: ['too_expensive', 'missing_features', 'switched_service', 'unused', 'other'],
        },
        enabled: true,
        mode: 'at_period_end',
        proration_behavior: 'none',
      },
      subscription_pause: {
        duration: { interval_options: [], type: 'indefinite' },
        enabled: false,
      },
      subscription_update: {
        billing_cycle_anchor: null,
        default_allowed_updates: ['price'],
        enabled: true,
        products: [],
        proration_behavior: 'always_invoice',
        schedule_at_period_end: { conditions: [] },
        trial_update_behavior: 'end_trial',
      },
    },
    is_default: isDefault,
    livemode: false,
    login_page: { enabled: false, url: null },
    metadata: {},
    name: null,
    updated: now,
  } satisfies Stripe.BillingPortal.Configuration;
  return config as Stripe.BillingPortal.Configuration;
}

/** `flow_data` of a portal session. */
export interface PortalFlowInput {
  type: Stripe.BillingPortal.Session.Flow.Type;
  after_completion?: {
    type: 'hosted_confirmation' | 'portal_homepage' | 'redirect';
    redirect?: { return_url: string };
  };
  subscription_cancel?: { subscription: string };
  subscription_update?: { subscription: string };
  subscription_update_confirm?: {
    subscription: string;
    items: Array<{ id: string; price?: string; quantity?: number }>;
  };
}

/** Parameters for {@link createPortalSession}. */
interface PortalSessionInput {
  customer: string;
  return_url?: string;
  configuration?: string;
  locale?: Stripe.BillingPortal.Session.Locale;
  flow_data?: PortalFlowInput;
}

function buildFlow(
  engine: Engine,
  flow: PortalFlowInput | undefined,
): Stripe.BillingPortal.Session.Flow | null {
  if (!flow) return null;
  const sub = (
    key: 'subscription_cancel' | 'subscription_update' | 'subscription_update_confirm',
  ) => {
    const id = flow[key]?.subscription;
    if (!id) throw missingParam(`flow_data[${key}][subscription]`);
    return getSubscription(engine, id, `flow_data[${key}][subscription]`).id;
  };
  const after = flow.after_completion;
  return {
    after_completion: {
      hosted_confirmation: after?.type === 'hosted_confirmation' ? { custom_message: null } : null,
      redirect:
        after?.type === 'redirect' ? { return_url: after.redirect?.return_url ?? '' } : null,
      type: after?.type ?? 'portal_homepage',
    },
    customer_update: null,
    subscription_cancel:
      flow.type === 'subscription_cancel'
        ? { retention: null, subscription: sub('subscription_cancel') }
        : null,
    subscription_pause: null,
    subscription_update:
      flow.type === 'subscription_update' ? { subscription: sub('subscription_update') } : null,
    subscription_update_confirm:
      flow.type === 'subscription_update_confirm'
        ? {
            discounts: null,
            items: (flow.subscription_update_confirm?.items ?? []).map((i) => ({
              id: i.id,
              price: i.price ?? null,
              quantity: i.quantity,
            })),
            subscription: sub('subscription_update_confirm'),
          }
        : null,
    type: flow.type,
  } as Stripe.BillingPortal.Session.Flow;
}

/** Creates a portal session whose `url` is the hosted portal page. */
export function createPortalSession(
  engine: Engine,
  input: PortalSessionInput,
): Stripe.BillingPortal.Session {
  if (!input.customer) throw missingParam('customer');
  getCustomer(engine, input.customer);
  const config = input.configuration
    ? must(
        engine.state.portalConfigurations,
        input.configuration,
        'billing_portal.configuration',
        'configuration',
      )
    : defaultPortalConfiguration(engine);
  if (
    input.flow_data &&
    ![
      'payment_method_update',
      'subscription_cancel',
      'subscription_update',
      'subscription_update_confirm',
    ].includes(input.flow_data.type)
  ) {
    throw invalidRequest(`Invalid flow_data[type]: ${input.flow_data.type}`, 'flow_data[type]');
  }
  const id = newId('bps');
  const session = {
    id,
    object: 'billing_portal.session',
    configuration: config.id,
    created: engine.clock.now(),
    customer: input.customer,
    customer_account: null,
    flow: buildFlow(engine, input.flow_data),
    livemode: false,
    locale: input.locale ?? null,
    on_behalf_of: null,
    return_url: input.return_url ?? config.default_return_url,
    url: `${engine.config.baseUrl}/portal/${id}`,
  } satisfies Stripe.BillingPortal.Session;
  engine.state.portalSessions[id] = session;
  return session;
}
