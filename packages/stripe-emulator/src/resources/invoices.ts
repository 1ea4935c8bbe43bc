import type { AnchorReset } from '../engine/change-plan.js';
import { clone } from '../engine/emit.js';
import {
  attemptInvoicePayment,
  createManualInvoice,
  finalizeInvoice,
  getInvoice,
  invoicePaymentIntent,
  voidInvoice,
} from '../engine/invoices.js';
import { resolvePaymentMethod } from '../engine/payment-methods.js';
import { previewInvoice } from '../engine/preview.js';
import { mergeMetadata } from '../engine/util.js';
import { cardError, invalidRequest } from '../errors.js';
import { createdFilter, paginate } from '../http/list.js';
import type { Reader } from '../http/params.js';
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
import { PHASE, phases } from './subscription-schedules.js';
import {
  ANCHOR_RESETS,
  AUTOMATIC_TAX,
  automaticTax,
  ITEM_CHANGE,
  itemChanges,
  prorationBehavior,
  TAX_RATES,
  taxRateIds,
} from './subscriptions.js';

const INVOICE_CREATE_PREVIEW: ParamTable = {
  customer: str(),
  subscription: str(),
  discounts: DISCOUNTS,
  automatic_tax: AUTOMATIC_TAX,
  schedule: str(),
  schedule_details: hash({
    phases: array(PHASE),
    proration_behavior: oneOf(['always_invoice', 'create_prorations', 'none'], {
      note: 'for a change to the current phase',
    }),
    end_behavior: oneOf(['cancel', 'release']),
  }),
  subscription_details: hash({
    items: array(ITEM_CHANGE),
    proration_behavior: oneOf(['always_invoice', 'create_prorations', 'none']),
    proration_date: int(),
    cancel_at_period_end: bool(),
    cancel_at: int(),
    default_tax_rates: TAX_RATES,
    billing_cycle_anchor: time(ANCHOR_RESETS, {
      note: 'existing subscription: now or unchanged; new one: a future unix time',
    }),
  }),
};

/** `subscription_details[billing_cycle_anchor]`: `now`, `unchanged` or a timestamp. */
function anchorParam(p: Reader): AnchorReset | number | undefined {
  const v = p.str('billing_cycle_anchor');
  return v === 'now' || v === 'unchanged' ? v : p.int('billing_cycle_anchor');
}

/** `schedule_details` of a preview. */
function scheduleDetails(p: Reader) {
  const d = p.obj('schedule_details');
  if (!d) return {};
  return {
    schedule_details: {
      phases: phases(d),
      proration_behavior: prorationBehavior(d),
      end_behavior: d.str('end_behavior') as 'cancel' | 'release' | undefined,
    },
  };
}

/**
 * Stripe: `schedule` and `schedule_details` cannot be used with `subscription` or
 * `subscription_details` (a preview is of a schedule or of a subscription, never both).
 */
const SCHEDULE_OR_SUBSCRIPTION = ['schedule', 'schedule_details'].flatMap((a) =>
  ['subscription', 'subscription_details'].map((b) => [a, b] as const),
);

/** /v1/invoices */
export const invoiceRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v1/invoices/create_preview',
    parameters: INVOICE_CREATE_PREVIEW,
    exclusive: SCHEDULE_OR_SUBSCRIPTION,
    handler: ({ engine, params }) => {
      const details = params.obj('subscription_details');
      return previewInvoice(engine, {
        customer: params.str('customer'),
        subscription: params.str('subscription'),
        ...(params.has('discounts') ? { discounts: discountSpecs(params) } : {}),
        automatic_tax: automaticTax(params),
        schedule: params.str('schedule'),
        ...scheduleDetails(params),
        ...(details
          ? {
              subscription_details: {
                items: itemChanges(details),
                proration_behavior: prorationBehavior(details),
                proration_date: details.int('proration_date'),
                cancel_at_period_end: details.bool('cancel_at_period_end'),
                ...(details.has('cancel_at')
                  ? { cancel_at: details.int('cancel_at') ?? null }
                  : {}),
                billing_cycle_anchor: anchorParam(details),
                ...(details.has('default_tax_rates')
                  ? { default_tax_rates: taxRateIds(details) }
                  : {}),
              },
            }
          : {}),
      });
    },
  },
  {
    method: 'GET',
    path: '/v1/invoices/:id',
    parameters: {},
    handler: ({ engine, ids }) => getInvoice(engine, ids[0]!, 'id'),
  },
  {
    method: 'POST',
    path: '/v1/invoices/:id',
    parameters: { metadata, description: str(), auto_advance: bool() },
    handler: ({ engine, ids, params }) => {
      const invoice = getInvoice(engine, ids[0]!, 'id');
      invoice.metadata = mergeMetadata(invoice.metadata ?? {}, params.meta());
      if (params.has('description')) invoice.description = params.strOrNull('description') ?? null;
      if (params.has('auto_advance')) invoice.auto_advance = params.bool('auto_advance') ?? true;
      return invoice;
    },
  },
  {
    method: 'POST',
    path: '/v1/invoices/:id/finalize',
    parameters: {},
    handler: ({ engine, ids }) => finalizeInvoice(engine, getInvoice(engine, ids[0]!, 'id')),
  },
  {
    method: 'POST',
    path: '/v1/invoices/:id/pay',
    parameters: { payment_method: str() },
    handler: ({ engine, ids, params }) => {
      const invoice = getInvoice(engine, ids[0]!, 'id');
      if (invoice.status === 'paid')
        throw invalidRequest('Invoice is already paid', 'invoice', 'invoice_already_paid');
      if (invoice.status === 'draft') finalizeInvoice(engine, invoice);
      const pm = params.str('payment_method');
      const outcome = attemptInvoicePayment(engine, invoice, {
        paymentMethod: pm ? resolvePaymentMethod(engine, pm).id : undefined,
      });
      if (outcome === 'succeeded') return invoice;
      const pi = invoicePaymentIntent(engine, invoice);
      if (outcome === 'requires_action') {
        throw cardError(
          'This payment requires additional user action before it can be completed successfully.',
          'invoice_payment_intent_requires_action',
          { payment_intent: clone(pi) },
        );
      }
      if (outcome === 'no_payment_method') {
        throw invalidRequest(
          'This customer has no attached payment source or default payment method.',
          'payment_method',
          'invoice_no_customer_line_items',
        );
      }
      const e = pi?.last_payment_error;
      throw cardError(e?.message ?? 'Your card was declined.', e?.code ?? 'card_declined', {
        ...(e?.decline_code ? { decline_code: e.decline_code } : {}),
      });
    },
  },
  {
    method: 'POST',
    path: '/v1/invoices/:id/void',
    parameters: {},
    handler: ({ engine, ids }) => {
      const invoice = getInvoice(engine, ids[0]!, 'id');
      voidInvoice(engine, invoice);
      return invoice;
    },
  },
  {
    method: 'GET',
    path: '/v1/invoices/:id/lines',
    parameters: PAGINATION,
    handler: ({ engine, ids, params }) => {
      const invoice = getInvoice(engine, ids[0]!, 'id');
      return paginate(invoice.lines.data.slice().reverse(), params, `/v1/invoices/${ids[0]}/lines`);
    },
  },
  {
    method: 'POST',
    path: '/v1/invoices',
    parameters: {
      customer: str({ required: true }),
      pending_invoice_items_behavior: oneOf(['include', 'exclude']),
      auto_advance: bool(),
      description: str(),
      metadata,
    },
    handler: ({ engine, params }) =>
      createManualInvoice(engine, {
        customer: params.str('customer')!,
        pending_invoice_items_behavior: params.str('pending_invoice_items_behavior') as
          | 'include'
          | 'exclude'
          | undefined,
        auto_advance: params.bool('auto_advance'),
        description: params.str('description'),
        metadata: params.meta(),
      }),
  },
  {
    method: 'GET',
    path: '/v1/invoices',
    parameters: {
      ...PAGINATION,
      created: range,
      customer: str(),
      subscription: str(),
      status: oneOf(['draft', 'open', 'paid', 'uncollectible', 'void']),
    },
    handler: ({ engine, params }) => {
      const customer = params.str('customer');
      const subscription = params.str('subscription');
      const status = params.str('status');
      const items = createdFilter(valuesOf(engine.state.invoices), params).filter(
        (i) =>
          (!customer || i.customer === customer) &&
          (!subscription || i.parent?.subscription_details?.subscription === subscription) &&
          (!status || i.status === status),
      );
      return paginate(items, params, '/v1/invoices');
    },
  },
];
