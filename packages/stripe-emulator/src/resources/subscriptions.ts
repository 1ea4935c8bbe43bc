import type Stripe from 'stripe';
import { cancelWithOptions } from '../engine/cancel.js';
import type { AnchorReset, ProrationBehavior } from '../engine/change-plan.js';
import { emit } from '../engine/emit.js';
import { attemptInvoicePayment, createInvoice, finalizeInvoice } from '../engine/invoices.js';
import { periodFrom } from '../engine/items.js';
import { licensedLines } from '../engine/renewal.js';
import { updateSubscription } from '../engine/subscription-status.js';
import { updateSubscriptionFromApi } from '../engine/subscription-update.js';
import {
  createSubscription,
  getSubscription,
  type PaymentBehavior,
} from '../engine/subscriptions.js';
import { idOf } from '../engine/util.js';
import { invalidRequest, missingParam } from '../errors.js';
import { createdFilter, paginate } from '../http/list.js';
import { objects, type Reader, timeOrNow } from '../http/params.js';
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
  time,
} from '../http/schema.js';
import { valuesOf } from '../state.js';
import { DISCOUNTS, discountSpecs } from './discount-params.js';

/** Stripe's `payment_behavior` values. */
export const PAYMENT_BEHAVIORS = [
  'allow_incomplete',
  'default_incomplete',
  'error_if_incomplete',
  'pending_if_incomplete',
];
/** Stripe's `proration_behavior` values. */
export const PRORATIONS = ['none', 'create_prorations', 'always_invoice'];
const SUBSCRIPTION_STATUSES = [
  'active',
  'all',
  'canceled',
  'ended',
  'incomplete',
  'incomplete_expired',
  'past_due',
  'paused',
  'trialing',
  'unpaid',
];
const FEEDBACK = [
  'customer_service',
  'low_quality',
  'missing_features',
  'other',
  'switched_service',
  'too_complex',
  'too_expensive',
  'unused',
];

const COLLECTION_METHODS = ['charge_automatically', 'send_invoice'];

/** `collection_method` / `days_until_due` of a create or update. */
function collection(p: Reader) {
  const method = p.str('collection_method') as 'charge_automatically' | 'send_invoice' | undefined;
  const days = p.int('days_until_due');
  return {
    ...(method ? { collection_method: method } : {}),
    ...(days !== undefined ? { days_until_due: days } : {}),
  };
}

/** `automatic_tax` of a subscription, a preview or a Checkout Session. */
export const AUTOMATIC_TAX = hash(
  { enabled: bool({ required: true }) },
  { note: "the customer's country, from the emulator's tax table" },
);

/** `default_tax_rates`: manual tax rate ids; `''` removes them. */
export const TAX_RATES = array(str(), { note: "tax rate ids for every item; '' removes them" });

/** Reads `default_tax_rates` (`''` stays `''`). */
export function taxRateIds(p: Reader, key = 'default_tax_rates'): string[] | '' | undefined {
  if (p.raw[key] === '') return '';
  return p.strings(key);
}

/** Reads `automatic_tax`. */
export function automaticTax(p: Reader): { enabled: boolean } | undefined {
  const t = p.obj('automatic_tax');
  return t ? { enabled: t.bool('enabled') ?? false } : undefined;
}

/** `trial_settings` (also on Checkout's `subscription_data`). */
export const TRIAL_SETTINGS = hash({
  end_behavior: hash(
    { missing_payment_method: oneOf(['cancel', 'create_invoice', 'pause'], { required: true }) },
    { required: true },
  ),
});

/** One entry of an update's `items[]` (also in `createPreview`'s `subscription_details`). */
export const ITEM_CHANGE = hash({
  id: str(),
  price: str(),
  quantity: int({ min: 0 }),
  deleted: bool(),
  metadata,
});

const CANCELLATION_DETAILS = hash({ comment: str(), feedback: oneOf(FEEDBACK) });

const SUBSCRIPTION_CREATE: ParamTable = {
  customer: str({ required: true }),
  items: array(hash({ price: str({ required: true }), quantity: int({ min: 0 }), metadata }), {
    required: true,
  }),
  default_payment_method: str(),
  trial_period_days: int({ min: 0 }),
  trial_end: time(['now']),
  trial_from_plan: bool(),
  trial_settings: TRIAL_SETTINGS,
  payment_behavior: oneOf(PAYMENT_BEHAVIORS),
  metadata,
  description: str(),
  cancel_at_period_end: bool(),
  cancel_at: int(),
  billing_mode: hash({ type: oneOf(['classic', 'flexible'], { required: true }) }),
  collection_method: oneOf(COLLECTION_METHODS),
  days_until_due: int({ min: 0 }),
  billing_cycle_anchor: int({ note: 'unix time within the first natural period; no trial' }),
  proration_behavior: oneOf(PRORATIONS),
  discounts: DISCOUNTS,
  automatic_tax: AUTOMATIC_TAX,
  default_tax_rates: TAX_RATES,
};

/** `billing_cycle_anchor` of an update (and of a preview of one). */
export const ANCHOR_RESETS = ['now', 'unchanged'] as const;

const SUBSCRIPTION_UPDATE: ParamTable = {
  items: array(ITEM_CHANGE),
  proration_behavior: oneOf(PRORATIONS),
  proration_date: int(),
  payment_behavior: oneOf(PAYMENT_BEHAVIORS),
  cancel_at_period_end: bool(),
  cancel_at: int(),
  metadata,
  default_payment_method: str(),
  description: str(),
  trial_end: time(['now']),
  cancellation_details: CANCELLATION_DETAILS,
  collection_method: oneOf(COLLECTION_METHODS),
  days_until_due: int({ min: 0 }),
  pause_collection: hash({
    behavior: oneOf(['keep_as_draft', 'mark_uncollectible', 'void'], { required: true }),
    resumes_at: int(),
  }),
  billing_cycle_anchor: oneOf(ANCHOR_RESETS, {
    note: '`now` resets the period to now and invoices at once',
  }),
  discounts: DISCOUNTS,
  automatic_tax: AUTOMATIC_TAX,
  default_tax_rates: TAX_RATES,
};

const SUBSCRIPTION_CANCEL: ParamTable = {
  cancellation_details: CANCELLATION_DETAILS,
  invoice_now: bool(),
  prorate: bool(),
};

/** Reads `payment_behavior`. */
export function paymentBehavior(p: Reader): PaymentBehavior | undefined {
  const v = p.str('payment_behavior');
  if (v && !PAYMENT_BEHAVIORS.includes(v))
    throw invalidRequest(
      `Invalid payment_behavior: must be one of ${PAYMENT_BEHAVIORS.join(', ')}`,
      'payment_behavior',
    );
  return v as PaymentBehavior | undefined;
}

/** Reads `proration_behavior`, rejecting unknown values. */
export function prorationBehavior(p: Reader): ProrationBehavior | undefined {
  const v = p.str('proration_behavior');
  if (v && !PRORATIONS.includes(v))
    throw invalidRequest(
      `Invalid proration_behavior: must be one of ${PRORATIONS.join(', ')}`,
      'proration_behavior',
    );
  return v as ProrationBehavior | undefined;
}

/** Reads `items[]` of an update (id / price / quantity / deleted / metadata). */
export function itemChanges(p: Reader, key = 'items') {
  return objects(p, key)?.map((i) => ({
    id: i.str('id'),
    price: i.str('price'),
    quantity: i.int('quantity'),
    deleted: i.bool('deleted'),
    metadata: i.meta() || undefined,
  }));
}

function trialSettings(p: Reader) {
  const end = p.obj('trial_settings')?.obj('end_behavior');
  if (!end) return {};
  const v = end.str('missing_payment_method') ?? 'create_invoice';
  return {
    trial_settings: {
      end_behavior: { missing_payment_method: v as 'cancel' | 'create_invoice' | 'pause' },
    },
  };
}

/** `pause_collection` of an update; `''` resumes collection. */
function pauseCollection(p: Reader): Stripe.Subscription.PauseCollection | null {
  const pause = p.obj('pause_collection');
  if (!pause) return null;
  return {
    behavior: pause.str('behavior') as Stripe.Subscription.PauseCollection.Behavior,
    resumes_at: pause.int('resumes_at') ?? null,
  };
}

/** /v1/subscriptions */
export const subscriptionRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v1/subscriptions',
    parameters: SUBSCRIPTION_CREATE,
    handler: ({ engine, params }) => {
      const customer = params.str('customer');
      if (!customer) throw missingParam('customer');
      const items = objects(params, 'items')?.map((i, n) => {
        const price = i.str('price');
        if (!price) throw missingParam(`items[${n}][price]`);
        return { price, quantity: i.int('quantity'), metadata: i.meta() || undefined };
      });
      if (!items?.length) throw missingParam('items');
      const trialEnd = timeOrNow(params, 'trial_end');
      const mode = params.obj('billing_mode')?.str('type');
      return createSubscription(engine, {
        customer,
        items,
        default_payment_method: params.str('default_payment_method'),
        trial_period_days: params.int('trial_period_days'),
        ...(trialEnd !== undefined ? { trial_end: trialEnd } : {}),
        trial_from_plan: params.bool('trial_from_plan'),
        ...trialSettings(params),
        payment_behavior: paymentBehavior(params),
        metadata: params.meta() || undefined,
        description: params.strOrNull('description'),
        cancel_at_period_end: params.bool('cancel_at_period_end'),
        cancel_at: params.int('cancel_at'),
        ...(mode ? { billing_mode: { type: mode as 'flexible' | 'classic' } } : {}),
        ...collection(params),
        ...(params.has('billing_cycle_anchor')
          ? { billing_cycle_anchor: params.int('billing_cycle_anchor')! }
          : {}),
        ...(params.has('proration_behavior')
          ? { proration_behavior: prorationBehavior(params)! }
          : {}),
        discounts: discountSpecs(params) || undefined,
        automatic_tax: automaticTax(params),
        default_tax_rates: taxRateIds(params) || undefined,
      });
    },
  },
  {
    method: 'GET',
    path: '/v1/subscriptions/:id',
    parameters: {},
    handler: ({ engine, ids }) => getSubscription(engine, ids[0]!, 'id'),
  },
  {
    method: 'POST',
    path: '/v1/subscriptions/:id',
    parameters: SUBSCRIPTION_UPDATE,
    handler: ({ engine, ids, params }) => {
      const details = params.obj('cancellation_details');
      const trialEnd = timeOrNow(params, 'trial_end');
      const cancelAt = params.has('cancel_at') ? (params.int('cancel_at') ?? null) : undefined;
      return updateSubscriptionFromApi(engine, ids[0]!, {
        items: itemChanges(params),
        proration_behavior: prorationBehavior(params),
        proration_date: params.int('proration_date'),
        payment_behavior: paymentBehavior(params),
        billing_cycle_anchor: params.str('billing_cycle_anchor') as AnchorReset | undefined,
        ...(params.has('cancel_at_period_end')
          ? { cancel_at_period_end: params.bool('cancel_at_period_end') }
          : {}),
        ...(cancelAt !== undefined ? { cancel_at: cancelAt } : {}),
        ...(params.has('metadata') ? { metadata: params.meta() } : {}),
        ...(params.has('default_payment_method')
          ? { default_payment_method: params.strOrNull('default_payment_method') }
          : {}),
        ...(params.has('description') ? { description: params.strOrNull('description') } : {}),
        ...(trialEnd !== undefined ? { trial_end: trialEnd } : {}),
        ...(params.has('pause_collection') ? { pause_collection: pauseCollection(params) } : {}),
        ...(params.has('discounts') ? { discounts: discountSpecs(params) } : {}),
        automatic_tax: automaticTax(params),
        ...(params.has('default_tax_rates') ? { default_tax_rates: taxRateIds(params) } : {}),
        ...collection(params),
        ...(details
          ? {
              cancellation_details: {
                comment: details.strOrNull('comment'),
                feedback: details.strOrNull(
                  'feedback',
                ) as Stripe.Subscription.CancellationDetails.Feedback | null,
              },
            }
          : {}),
      });
    },
  },
  {
    method: 'DELETE',
    path: '/v1/subscriptions/:id',
    parameters: SUBSCRIPTION_CANCEL,
    handler: ({ engine, ids, params }) => {
      const details = params.obj('cancellation_details');
      return cancelWithOptions(engine, ids[0]!, {
        invoice_now: params.bool('invoice_now'),
        prorate: params.bool('prorate'),
        comment: details?.str('comment'),
        feedback: details?.str('feedback') as
          | Stripe.Subscription.CancellationDetails.Feedback
          | undefined,
      });
    },
  },
  {
    method: 'POST',
    path: '/v1/subscriptions/:id/resume',
    parameters: { billing_cycle_anchor: oneOf(ANCHOR_RESETS) },
    handler: ({ engine, ids, params }) => {
      const sub = getSubscription(engine, ids[0]!, 'id');
      if (sub.status !== 'paused')
        throw invalidRequest('Only a paused subscription can be resumed.', 'subscription');
      const anchor = params.str('billing_cycle_anchor') ?? 'now';
      if (anchor !== 'now' && anchor !== 'unchanged')
        throw invalidRequest(`Invalid billing_cycle_anchor: ${anchor}`, 'billing_cycle_anchor');
      const now = engine.clock.now();
      emit(
        engine,
        'customer.subscription.resumed',
        { ...sub, status: 'active' },
        { status: 'paused' },
      );
      updateSubscription(engine, sub, (s) => {
        s.status = 'active';
        s.billing_cycle_anchor = now;
        s.items = {
          ...s.items,
          data: s.items.data.map((i) => {
            const period = periodFrom(i.price, now);
            return { ...i, current_period_start: period.start, current_period_end: period.end };
          }),
        };
      });
      const invoice = createInvoice(engine, {
        customer: engine.state.customers[idOf(sub.customer)!]!,
        subscription: sub,
        billing_reason: 'subscription_cycle',
        lines: licensedLines(engine, sub),
        period_start: now,
        period_end: now,
        currency: sub.currency,
      });
      sub.latest_invoice = invoice.id;
      finalizeInvoice(engine, invoice);
      if (invoice.status === 'open') attemptInvoicePayment(engine, invoice);
      return sub;
    },
  },
  {
    method: 'GET',
    path: '/v1/subscriptions',
    parameters: {
      ...PAGINATION,
      created: range,
      customer: str(),
      price: str(),
      status: oneOf(SUBSCRIPTION_STATUSES),
    },
    handler: ({ engine, params }) => {
      const customer = params.str('customer');
      const price = params.str('price');
      const status = params.str('status');
      const items = createdFilter(valuesOf(engine.state.subscriptions), params).filter(
        (s) =>
          (!customer || s.customer === customer) &&
          (!price || s.items.data.some((i) => i.price.id === price)) &&
          (status === 'all'
            ? true
            : status
              ? s.status === status
              : s.status !== 'canceled' && s.status !== 'incomplete_expired'),
      );
      return paginate(items, params, '/v1/subscriptions');
    },
  },
];
