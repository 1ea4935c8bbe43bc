import type Stripe from 'stripe';
import { cardError, invalidRequest } from '../errors.js';
import {
  type AnchorReset,
  type ItemChange,
  type ProrationBehavior,
  planChange,
  prorationDateFor,
} from './change-plan.js';
import type { Engine } from './context.js';
import {
  checkDiscounts,
  type DiscountSpec,
  previewDiscounts,
  redeemDiscounts,
  subscriptionDiscounts,
} from './discounts.js';
import type { LineInput } from './invoice-build.js';
import { pendingItemLines, storeProrationItems } from './invoice-items.js';
import {
  attemptInvoicePayment,
  createInvoice,
  finalizeInvoice,
  invoicePaymentIntent,
  voidInvoice,
} from './invoices.js';
import { attachPaymentMethod, resolvePaymentMethod } from './payment-methods.js';
import { itemAmount } from './proration.js';
import { renewSubscription } from './renewal.js';
import { hasEnded, updateSubscription } from './subscription-status.js';
import {
  automaticTaxOf,
  collectionOf,
  getSubscription,
  type PaymentBehavior,
} from './subscriptions.js';
import { locationOf, refuseRatesWithAutomatic, requireLocation, taxRatesOf } from './tax.js';
import { idOf, mergeMetadata } from './util.js';

/** Parameters for {@link updateSubscriptionFromApi}. */
interface SubscriptionUpdateInput {
  items?: ItemChange[];
  proration_behavior?: ProrationBehavior;
  proration_date?: number;
  payment_behavior?: PaymentBehavior;
  billing_cycle_anchor?: AnchorReset;
  cancel_at_period_end?: boolean;
  cancel_at?: number | null;
  metadata?: Record<string, string> | '';
  default_payment_method?: string | null;
  description?: string | null;
  trial_end?: number | 'now';
  /** `null` resumes collection. */
  pause_collection?: Stripe.Subscription.PauseCollection | null;
  collection_method?: 'charge_automatically' | 'send_invoice';
  days_until_due?: number;
  cancellation_details?: {
    comment?: string | null;
    feedback?: Stripe.Subscription.CancellationDetails.Feedback | null;
  };
  /** Replaces the subscription's discounts; `''` removes them all. */
  discounts?: DiscountSpec[] | '';
  automatic_tax?: { enabled: boolean };
  /** Replaces the manual tax rates; `''` removes them. */
  default_tax_rates?: string[] | '';
}

const PENDING_WINDOW = 23 * 3600;

/** The subscription's `collection_method` / `days_until_due` after an update, or `null` if unchanged. */
function nextCollection(sub: Stripe.Subscription, input: SubscriptionUpdateInput) {
  if (input.collection_method === undefined && input.days_until_due === undefined) return null;
  const method =
    input.collection_method ?? (sub.collection_method as 'charge_automatically' | 'send_invoice');
  const days = input.days_until_due ?? (method === 'send_invoice' ? sub.days_until_due : null);
  return collectionOf({
    collection_method: method,
    ...(days !== null ? { days_until_due: days } : {}),
  });
}

/**
 * `subscriptions.update`: item/price changes with proration (`none` / `create_prorations` /
 * `always_invoice`, `proration_date`), `payment_behavior` incl. `pending_if_incomplete`,
 * cancellation flags, metadata and the default payment method.
 */
export function updateSubscriptionFromApi(
  engine: Engine,
  id: string,
  input: SubscriptionUpdateInput,
): Stripe.Subscription {
  const sub = getSubscription(engine, id, 'id');
  const collection = nextCollection(sub, input);
  if (hasEnded(sub)) {
    const onlyMeta = Object.entries(input).every(
      ([k, v]) => v === undefined || k === 'metadata' || k === 'cancellation_details',
    );
    if (!onlyMeta)
      throw invalidRequest(
        'A canceled subscription can only update its cancellation_details and metadata.',
        undefined,
      );
  }
  const behavior = input.proration_behavior ?? 'create_prorations';
  const payment = input.payment_behavior ?? 'allow_incomplete';
  const now = engine.clock.now();
  let pmId = input.default_payment_method;
  if (pmId)
    pmId = attachPaymentMethod(
      engine,
      resolvePaymentMethod(engine, pmId, 'default_payment_method').id,
      idOf(sub.customer)!,
    ).id;
  if (input.automatic_tax?.enabled)
    requireLocation(
      locationOf(engine.state.customers[idOf(sub.customer)!]!),
      'automatic_tax[enabled]',
    );
  const rates =
    input.default_tax_rates === undefined
      ? undefined
      : taxRatesOf(engine, input.default_tax_rates || [], 'default_tax_rates');
  refuseRatesWithAutomatic(
    input.automatic_tax?.enabled ?? sub.automatic_tax.enabled,
    rates ?? (input.automatic_tax?.enabled ? (sub.default_tax_rates ?? []) : []),
    'default_tax_rates',
  );
  const newDiscounts = discountsFor(engine, sub, input);
  const planned =
    newDiscounts === null
      ? subscriptionDiscounts(engine, sub, now)
      : previewDiscounts(engine, newDiscounts, idOf(sub.customer));
  const plan =
    input.items?.length || input.billing_cycle_anchor
      ? planChange(
          engine,
          sub,
          input.items ?? [],
          behavior,
          prorationDateFor(engine, sub, input.proration_date),
          input.billing_cycle_anchor,
          planned,
        )
      : null;
  let redeemed: Stripe.Discount[] | null = null;
  const discountsNow = () => {
    if (newDiscounts === null) return subscriptionDiscounts(engine, sub, now);
    redeemed ??= redeemDiscounts(engine, newDiscounts, idOf(sub.customer), {
      subscription: sub.id,
    });
    return redeemed;
  };
  const holdUntilPaid =
    plan?.invoiceNow && (payment === 'pending_if_incomplete' || payment === 'error_if_incomplete');
  const applyFields = (s: Stripe.Subscription, withItems: boolean) => {
    if (newDiscounts !== null) s.discounts = discountsNow().map((d) => d.id);
    if (input.automatic_tax) s.automatic_tax = automaticTaxOf(input.automatic_tax.enabled);
    if (rates) s.default_tax_rates = rates;
    if (plan && withItems) {
      s.items = { ...s.items, data: plan.after };
      if (plan.anchor !== null) s.billing_cycle_anchor = plan.anchor;
      if (s.cancel_at_period_end && plan.anchor !== null)
        s.cancel_at = plan.after[0]!.current_period_end;
    }
    if (input.cancel_at_period_end !== undefined) {
      s.cancel_at_period_end = input.cancel_at_period_end;
      s.cancel_at = input.cancel_at_period_end ? s.items.data[0]!.current_period_end : null;
      s.canceled_at = input.cancel_at_period_end ? now : null;
      s.cancellation_details = {
        comment: input.cancellation_details?.comment ?? null,
        feedback: input.cancellation_details?.feedback ?? null,
        feedback_option: null,
        reason: input.cancel_at_period_end ? 'cancellation_requested' : null,
      };
    }
    if (input.cancel_at !== undefined) {
      s.cancel_at = input.cancel_at;
      s.cancel_at_period_end = false;
      s.canceled_at = input.cancel_at ? now : null;
    }
    if (input.metadata !== undefined) s.metadata = mergeMetadata(s.metadata, input.metadata);
    if (pmId !== undefined) s.default_payment_method = pmId || null;
    if (input.description !== undefined) s.description = input.description || null;
    if (input.pause_collection !== undefined) s.pause_collection = input.pause_collection;
    if (collection) Object.assign(s, collection);
    if (input.trial_end !== undefined && s.status === 'trialing') {
      const end = input.trial_end === 'now' ? now : input.trial_end;
      s.trial_end = end;
      s.items = { ...s.items, data: s.items.data.map((i) => ({ ...i, current_period_end: end })) };
    }
  };
  if (!plan || !holdUntilPaid) {
    updateSubscription(engine, sub, (s) => applyFields(s, true));
    if (plan?.invoiceNow) billNow(engine, sub, plan.lines, discountsNow());
    else if (plan && behavior === 'create_prorations' && plan.lines.length)
      storeProrationItems(engine, sub, plan.lines);
    if (sub.status === 'trialing' && sub.trial_end !== null && sub.trial_end <= now)
      endTrialNow(engine, sub);
    return sub;
  }
  const invoice = billNow(engine, sub, plan.lines, discountsNow(), (inv) => {
    engine.state.internal.pendingUpdateInvoice[sub.id] = inv.id;
  });
  if (invoice.status === 'paid') {
    updateSubscription(engine, sub, (s) => applyFields(s, true));
    return sub;
  }
  delete engine.state.internal.pendingUpdateInvoice[sub.id];
  if (payment === 'error_if_incomplete') {
    const error = invoicePaymentIntent(engine, invoice)?.last_payment_error;
    voidInvoice(engine, invoice);
    throw cardError(error?.message ?? 'Your card was declined.', error?.code ?? 'card_declined', {
      ...(error?.decline_code ? { decline_code: error.decline_code } : {}),
    });
  }
  engine.state.internal.pendingUpdateInvoice[sub.id] = invoice.id;
  engine.state.internal.pendingUpdateItems[sub.id] = plan.after;
  updateSubscription(engine, sub, (s) => {
    applyFields(s, false);
    s.pending_update = {
      billing_cycle_anchor: plan.anchor,
      cancel_at_period_end: null,
      discount: null,
      discounts: null,
      expires_at: now + PENDING_WINDOW,
      metadata: null,
      subscription_items: plan.after,
      trial_end: null,
      trial_from_plan: null,
    };
  });
  return sub;
}

/**
 * The discounts an update's `discounts` parameter asks for, checked as Stripe checks them
 * (against the items after the change), or `null` when the update leaves them alone.
 */
function discountsFor(engine: Engine, sub: Stripe.Subscription, input: SubscriptionUpdateInput) {
  if (input.discounts === undefined) return null;
  if (input.discounts === '') return [];
  const amount = sub.items.data.reduce((sum, i) => sum + itemAmount(engine, i), 0);
  const ctx = { customer: idOf(sub.customer), currency: sub.currency, amount, param: 'discounts' };
  return checkDiscounts(engine, input.discounts, ctx);
}

function billNow(
  engine: Engine,
  sub: Stripe.Subscription,
  lines: LineInput[],
  discounts: Stripe.Discount[],
  beforeAttempt?: (invoice: Stripe.Invoice) => void,
): Stripe.Invoice {
  const customer = engine.state.customers[idOf(sub.customer)!]!;
  const now = engine.clock.now();
  const invoice = createInvoice(engine, {
    customer,
    subscription: sub,
    billing_reason: 'subscription_update',
    lines: [...pendingItemLines(engine, sub), ...lines],
    period_start: now,
    period_end: now,
    currency: sub.currency,
    discounts,
  });
  sub.latest_invoice = invoice.id;
  beforeAttempt?.(invoice);
  finalizeInvoice(engine, invoice);
  if (invoice.status === 'open') attemptInvoicePayment(engine, invoice);
  return invoice;
}

/** `trial_end: 'now'`: the trial ends and the first paid period is billed at once. */
function endTrialNow(engine: Engine, sub: Stripe.Subscription): void {
  renewSubscription(engine, sub);
  const invoice = sub.latest_invoice
    ? engine.state.invoices[sub.latest_invoice as string]
    : undefined;
  if (invoice?.status !== 'draft') return;
  finalizeInvoice(engine, invoice);
  if (invoice.status === 'open') attemptInvoicePayment(engine, invoice, { automatic: true });
}
