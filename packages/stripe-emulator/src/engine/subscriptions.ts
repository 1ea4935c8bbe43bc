import type Stripe from 'stripe';
import { cardError, invalidRequest, missingParam } from '../errors.js';
import { newId } from '../ids.js';
import type { Engine } from './context.js';
import { getCustomer } from './customers.js';
import { checkDiscounts, type DiscountSpec, redeemDiscounts } from './discounts.js';
import { emit } from './emit.js';
import { firstInvoiceLines } from './first-invoice.js';
import {
  attemptInvoicePayment,
  createInvoice,
  finalizeInvoice,
  invoicePaymentIntent,
} from './invoices.js';
import { buildItem, periodFrom, recurringPrice } from './items.js';
import { attachPaymentMethod, resolvePaymentMethod } from './payment-methods.js';
import { priceAmount } from './pricing.js';
import { chargeLine } from './proration.js';
import { cancelNow, updateSubscription } from './subscription-status.js';
import { locationOf, refuseRatesWithAutomatic, requireLocation, taxRatesOf } from './tax.js';
import { checkClockSubscriptionLimit } from './test-clocks.js';
import { addInterval, DAY, idOf, mergeMetadata, must } from './util.js';

/** How a subscription payment is handled when it cannot complete (Stripe's `payment_behavior`). */
export type PaymentBehavior =
  | 'allow_incomplete'
  | 'default_incomplete'
  | 'error_if_incomplete'
  | 'pending_if_incomplete';

/** Parameters for {@link createSubscription}. */
interface SubscriptionInput {
  customer: string;
  items: Array<{ price: string; quantity?: number; metadata?: Record<string, string> }>;
  default_payment_method?: string | null;
  trial_period_days?: number;
  trial_end?: number | 'now';
  trial_from_plan?: boolean;
  trial_settings?: {
    end_behavior: { missing_payment_method: 'cancel' | 'create_invoice' | 'pause' };
  };
  payment_behavior?: PaymentBehavior;
  /** `send_invoice`: invoices are sent (hosted page) with a due date, never charged automatically. */
  collection_method?: 'charge_automatically' | 'send_invoice';
  days_until_due?: number;
  /** The first period ends here (prorated unless `proration_behavior: 'none'`); later ones follow it. */
  billing_cycle_anchor?: number;
  proration_behavior?: 'always_invoice' | 'create_prorations' | 'none';
  metadata?: Record<string, string>;
  description?: string | null;
  cancel_at_period_end?: boolean;
  cancel_at?: number;
  billing_mode?: { type: 'flexible' | 'classic' };
  /** Tax each invoice from the customer's country (the emulator's table). */
  automatic_tax?: { enabled: boolean };
  /** Manual tax rates for every item (ids). */
  default_tax_rates?: string[];
  /** Coupons, promotion codes or existing discounts (checked and redeemed as Stripe does). */
  discounts?: DiscountSpec[];
  /** Engine-only: the customer just passed a 3DS challenge for this payment (checkout). */
  authenticated?: boolean;
  /** Engine-only: the checkout session the discounts come from. */
  checkoutSession?: string;
}

/** How long before a trial ends `customer.subscription.trial_will_end` is sent. */
export const TRIAL_WARNING = 3 * DAY;

/** The subscription with `id`, or a 404. */
export function getSubscription(
  engine: Engine,
  id: string,
  param = 'subscription',
): Stripe.Subscription {
  return must(engine.state.subscriptions, id, 'subscription', param);
}

/**
 * Creates a subscription, bills its first invoice and charges it (or starts the trial with a
 * $0 invoice). Emits `customer.subscription.created`, `invoice.*`, `payment_intent.*` and
 * `customer.subscription.updated` when it becomes active.
 */
export function createSubscription(engine: Engine, input: SubscriptionInput): Stripe.Subscription {
  if (!input.customer) throw missingParam('customer');
  if (!input.items?.length) throw missingParam('items');
  const customer = getCustomer(engine, input.customer);
  checkClockSubscriptionLimit(engine, customer.id);
  const prices = input.items.map((item, i) => {
    if (!item.price) throw missingParam(`items[${i}][price]`);
    return recurringPrice(engine, item.price, `items[${i}][price]`);
  });
  const first = prices[0]!;
  for (const [i, p] of prices.entries()) {
    if (p.recurring!.interval !== first.recurring!.interval || p.currency !== first.currency) {
      throw invalidRequest(
        'All prices on a subscription must have the same `recurring.interval` and currency.',
        `items[${i}][price]`,
      );
    }
  }
  const behavior = input.payment_behavior ?? 'allow_incomplete';
  const now = engine.clock.now();
  let pmId = input.default_payment_method ?? null;
  if (pmId)
    pmId = attachPaymentMethod(
      engine,
      resolvePaymentMethod(engine, pmId, 'default_payment_method').id,
      customer.id,
      // The first invoice's payment decides: a declining card leaves the subscription incomplete.
      { verify: false },
    ).id;
  const trialDays =
    input.trial_period_days ?? (input.trial_from_plan ? first.recurring!.trial_period_days : null);
  let trialEnd: number | null = null;
  if (input.trial_end !== undefined && input.trial_end !== 'now') trialEnd = input.trial_end;
  else if (trialDays) trialEnd = now + trialDays * DAY;
  if (trialEnd !== null && trialEnd <= now)
    throw invalidRequest(
      'Invalid timestamp: must be an integer Unix timestamp in the future.',
      'trial_end',
    );
  const total = prices.reduce(
    (sum, p, i) =>
      sum +
      (p.recurring!.usage_type === 'metered'
        ? 0
        : priceAmount(engine, p, input.items[i]!.quantity ?? 1)),
    0,
  );
  const collection = collectionOf(input);
  if (input.automatic_tax?.enabled) requireLocation(locationOf(customer), 'automatic_tax[enabled]');
  const rates = taxRatesOf(engine, input.default_tax_rates ?? [], 'default_tax_rates');
  refuseRatesWithAutomatic(input.automatic_tax?.enabled ?? false, rates, 'default_tax_rates');
  const wanted = checkDiscounts(engine, input.discounts ?? [], {
    customer: customer.id,
    currency: first.currency,
    amount: total,
    param: 'discounts',
  });
  const payerPm = pmId ?? idOf(customer.invoice_settings.default_payment_method);
  if (
    !trialEnd &&
    total > 0 &&
    !payerPm &&
    behavior !== 'default_incomplete' &&
    collection.collection_method === 'charge_automatically'
  ) {
    throw invalidRequest(
      'This customer has no attached payment source or default payment method. Please consider adding a default payment method. For more information, visit https://docs.stripe.com/billing/subscriptions/payment-methods-setting#payment-method-priority.',
      undefined,
      'resource_missing',
    );
  }
  const id = newId('sub');
  const anchor = anchorOf(input.billing_cycle_anchor, first, now, trialEnd !== null);
  const period = trialEnd
    ? { start: now, end: trialEnd }
    : anchor
      ? { start: now, end: anchor }
      : periodFrom(first, now);
  const items = prices.map((p, i) =>
    buildItem(
      engine,
      id,
      p,
      input.items[i]!.quantity ?? 1,
      period,
      mergeMetadata({}, input.items[i]!.metadata),
    ),
  );
  const sub = {
    id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: automaticTaxOf(input.automatic_tax?.enabled ?? false),
    billing_cycle_anchor: period.end === trialEnd ? trialEnd : (anchor ?? now),
    billing_cycle_anchor_config: null,
    billing_mode: {
      flexible: input.billing_mode?.type === 'classic' ? null : { proration_discounts: 'included' },
      type: input.billing_mode?.type ?? 'flexible',
      updated_at: now,
    },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: input.cancel_at ?? (input.cancel_at_period_end ? period.end : null),
    cancel_at_period_end: input.cancel_at_period_end ?? false,
    canceled_at: input.cancel_at || input.cancel_at_period_end ? now : null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    ...collection,
    created: now,
    currency: first.currency,
    customer: customer.id,
    customer_account: null,
    default_payment_method: pmId,
    default_source: null,
    default_tax_rates: rates,
    description: input.description ?? null,
    discounts: [] as string[],
    ended_at: null,
    invoice_settings: {
      account_tax_ids: null,
      custom_fields: null,
      description: null,
      footer: null,
      issuer: { type: 'self' },
    },
    items: {
      object: 'list',
      data: items,
      has_more: false,
      url: `/v1/subscription_items?subscription=${id}`,
    },
    latest_invoice: null as string | null,
    livemode: false,
    managed_payments: null,
    metadata: mergeMetadata({}, input.metadata),
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: {
      payment_method_options: null,
      payment_method_types: null,
      save_default_payment_method: 'off',
    },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: now,
    status: (trialEnd ? 'trialing' : 'incomplete') as Stripe.Subscription.Status,
    test_clock: customer.test_clock ?? null,
    transfer_data: null,
    trial_end: trialEnd,
    trial_settings: {
      end_behavior: {
        billing_cycle_anchor: null,
        missing_payment_method:
          input.trial_settings?.end_behavior.missing_payment_method ?? 'create_invoice',
      },
    },
    trial_start: trialEnd ? now : null,
  } satisfies Stripe.Subscription;
  engine.state.subscriptions[id] = sub;
  const discounts = redeemDiscounts(engine, wanted, customer.id, {
    subscription: id,
    checkoutSession: input.checkoutSession ?? null,
  });
  sub.discounts = discounts.map((d) => d.id);
  emit(engine, 'customer.subscription.created', sub);
  const lines = firstInvoiceLines(engine, items, now, {
    trial: trialEnd !== null,
    anchor,
    behavior: input.proration_behavior,
    discounts,
  });
  const invoice = createInvoice(engine, {
    customer,
    subscription: sub,
    billing_reason: 'subscription_create',
    lines,
    period_start: now,
    period_end: now,
    currency: first.currency,
  });
  sub.latest_invoice = invoice.id;
  finalizeInvoice(engine, invoice);
  if (trialEnd && trialEnd - now <= TRIAL_WARNING) sendTrialWillEnd(engine, sub);
  const charged = collection.collection_method === 'charge_automatically';
  if (invoice.status === 'open' && behavior !== 'default_incomplete' && charged) {
    const outcome = attemptInvoicePayment(engine, invoice, {
      paymentMethod: payerPm,
      authenticated: input.authenticated,
    });
    if (outcome !== 'succeeded' && behavior === 'error_if_incomplete') {
      const pi = invoicePaymentIntent(engine, invoice);
      const err = pi?.last_payment_error;
      throw cardError(err?.message ?? 'Your card was declined.', err?.code ?? 'card_declined', {
        ...(err?.decline_code ? { decline_code: err.decline_code } : {}),
      });
    }
  }
  // A sent invoice is paid later: the subscription is active from the start, as on Stripe.
  if ((invoice.status === 'paid' || !charged) && sub.status === 'incomplete') {
    updateSubscription(engine, sub, (s) => {
      s.status = 'active';
    });
  }
  return sub;
}

/** A subscription's `automatic_tax` hash. */
export function automaticTaxOf(enabled: boolean): Stripe.Subscription.AutomaticTax {
  return { disabled_reason: null, enabled, liability: enabled ? { type: 'self' } : null };
}

/**
 * Checks a `billing_cycle_anchor` for a new subscription: in the future, within one natural
 * period, no trial (`param` names it in errors, e.g. Checkout's `subscription_data[…]`).
 */
export function anchorOf(
  anchor: number | undefined,
  price: Stripe.Price,
  now: number,
  trial: boolean,
  param = 'billing_cycle_anchor',
): number | null {
  if (anchor === undefined) return null;
  if (trial) {
    throw invalidRequest(
      'The emulator does not support billing_cycle_anchor together with a trial yet.',
      param,
      'parameter_unknown',
    );
  }
  if (anchor <= now) throw invalidRequest('billing_cycle_anchor must be in the future.', param);
  if (anchor > periodFrom(price, now).end) {
    throw invalidRequest(
      'billing_cycle_anchor cannot be later than the next natural billing date for the plan.',
      param,
    );
  }
  return anchor;
}

/**
 * The share of a full period billed for the time from `now` to the anchor: prorated per second
 * against the full period that ends at the anchor (nothing with `proration_behavior: 'none'`).
 */
export function anchorFraction(
  price: Stripe.Price,
  now: number,
  anchor: number,
  behavior: SubscriptionInput['proration_behavior'],
): number {
  const r = price.recurring!;
  const fullStart = addInterval(anchor, r.interval, -r.interval_count);
  return behavior === 'none' ? 0 : (anchor - now) / (anchor - fullStart);
}

/** The first invoice's line up to the anchor ({@link anchorFraction} of the item's price). */
export function anchorLine(
  engine: Engine,
  item: Stripe.SubscriptionItem,
  now: number,
  anchor: number,
  behavior: SubscriptionInput['proration_behavior'],
  full?: number,
) {
  const fraction = anchorFraction(item.price, now, anchor, behavior);
  return chargeLine(engine, item, now, fraction, anchor, full);
}

/**
 * `collection_method` and `days_until_due` as Stripe pairs them: `send_invoice` needs
 * `days_until_due`, which only `send_invoice` takes.
 */
export function collectionOf(input: {
  collection_method?: 'charge_automatically' | 'send_invoice';
  days_until_due?: number;
}): { collection_method: 'charge_automatically' | 'send_invoice'; days_until_due: number | null } {
  const method = input.collection_method ?? 'charge_automatically';
  if (method === 'send_invoice' && input.days_until_due === undefined) {
    throw invalidRequest(
      'Missing required param: days_until_due (required when collection_method is send_invoice).',
      'days_until_due',
      'parameter_missing',
    );
  }
  if (method === 'charge_automatically' && input.days_until_due !== undefined) {
    throw invalidRequest(
      'days_until_due can only be set when collection_method is send_invoice.',
      'days_until_due',
    );
  }
  return { collection_method: method, days_until_due: input.days_until_due ?? null };
}

/** Emits `customer.subscription.trial_will_end` once per trial end. */
export function sendTrialWillEnd(engine: Engine, sub: Stripe.Subscription): void {
  if (!sub.trial_end || engine.state.internal.trialWillEndSent[sub.id] === sub.trial_end) return;
  engine.state.internal.trialWillEndSent[sub.id] = sub.trial_end;
  emit(engine, 'customer.subscription.trial_will_end', sub);
}

/** Schedules (or, with `false`, drops) a cancellation at period end; emits `customer.subscription.updated`. */
export function setCancelAtPeriodEnd(
  engine: Engine,
  subId: string,
  cancel: boolean,
  details: { comment?: string; feedback?: Stripe.Subscription.CancellationDetails.Feedback } = {},
): Stripe.Subscription {
  const sub = getSubscription(engine, subId);
  if (sub.status === 'canceled' || sub.status === 'incomplete_expired') {
    throw invalidRequest(
      'A canceled subscription can only update its cancellation_details and metadata.',
      'cancel_at_period_end',
    );
  }
  const end = sub.items.data[0]!.current_period_end;
  const now = engine.clock.now();
  updateSubscription(engine, sub, (s) => {
    s.cancel_at_period_end = cancel;
    s.cancel_at = cancel ? end : null;
    s.canceled_at = cancel ? now : null;
    s.cancellation_details = {
      comment: cancel ? (details.comment ?? null) : null,
      feedback: cancel ? (details.feedback ?? null) : null,
      feedback_option: null,
      reason: cancel ? 'cancellation_requested' : null,
    };
  });
  return sub;
}

/** Cancels a subscription now; emits `customer.subscription.deleted`. */
export function cancelSubscription(
  engine: Engine,
  subId: string,
  details: { comment?: string; feedback?: Stripe.Subscription.CancellationDetails.Feedback } = {},
): Stripe.Subscription {
  const sub = getSubscription(engine, subId);
  if (sub.status === 'canceled' || sub.status === 'incomplete_expired') {
    throw invalidRequest(`This subscription has already been canceled.`, 'subscription');
  }
  cancelNow(engine, sub, 'cancellation_requested', details);
  return sub;
}
