/**
 * Operations behind the hosted pages (checkout, portal, invoice), composed from the engine's
 * own functions so the pages behave exactly like the API: same state changes, same events.
 * Owned by the pages; the API never calls these.
 */
import type Stripe from 'stripe';
import { invalidRequest, resourceMissing } from '../errors.js';
import { valuesOf } from '../state.js';
import type { ProrationBehavior } from './change-plan.js';
import {
  type CheckoutResult,
  collectsCard,
  completeCheckout,
  settleCheckoutAction,
} from './checkout.js';
import type { Engine } from './context.js';
import {
  attemptInvoicePayment,
  authenticateInvoicePayment,
  defaultPaymentMethodFor,
  getInvoice,
  invoicePaymentIntent,
} from './invoices.js';
import {
  attachPaymentMethod,
  createCardPaymentMethod,
  setDefaultPaymentMethod,
} from './payment-methods.js';
import type { PaymentOutcome } from './payments.js';
import { priceAmount } from './pricing.js';
import { updateSubscription } from './subscription-status.js';
import { updateSubscriptionFromApi } from './subscription-update.js';
import { cancelSubscription, setCancelAtPeriodEnd } from './subscriptions.js';
import { DAY, idOf } from './util.js';

/** What a payment attempted from a page came to; `message` is Stripe's decline message. */
type PageOutcome =
  | { status: 'succeeded' }
  | { status: 'requires_action' }
  | { status: 'failed'; message: string };

/** A card as entered on a page: a test card number, or the card already on file. */
interface PageCard {
  source: 'saved' | 'new';
  number: string;
}

/**
 * Creates a card payment method from a typed number and attaches it to `customerId`.
 * Throws Stripe's card error for cards that decline on attach (0002, 9995, 0069).
 */
function attachTypedCard(engine: Engine, customerId: string, number: string): string {
  if (!number) throw invalidRequest('Choose a test card or type a card number.', 'number');
  const pm = createCardPaymentMethod(engine, { number });
  attachPaymentMethod(engine, pm.id, customerId);
  return pm.id;
}

function lastError(engine: Engine, invoiceId: string): string {
  const pi = invoicePaymentIntent(engine, getInvoice(engine, invoiceId));
  return pi?.last_payment_error?.message ?? 'Your card was declined.';
}

/** Pays an open invoice from the hosted invoice page (on-session: 3DS cards ask for a challenge). */
export function payInvoiceFromPage(engine: Engine, invoiceId: string, card: PageCard): PageOutcome {
  const invoice = getInvoice(engine, invoiceId);
  const customerId = idOf(invoice.customer);
  if (!customerId) throw invalidRequest('This invoice has no customer to charge.', 'invoice');
  let pmId: string | null;
  if (card.source === 'saved') {
    pmId = defaultPaymentMethodFor(engine, invoice);
    if (!pmId) throw invalidRequest('There is no saved card; choose "Another card".', 'source');
  } else {
    pmId = attachTypedCard(engine, customerId, card.number);
  }
  const outcome = attemptInvoicePayment(engine, invoice, { paymentMethod: pmId });
  return toPageOutcome(engine, invoiceId, outcome);
}

/** Completes or fails the 3DS challenge on an invoice's payment. */
export function authenticateInvoice(
  engine: Engine,
  invoiceId: string,
  result: 'complete' | 'fail',
): PaymentOutcome {
  return authenticateInvoicePayment(engine, invoiceId, result);
}

function toPageOutcome(
  engine: Engine,
  invoiceId: string,
  outcome: PaymentOutcome | 'no_payment_method',
): PageOutcome {
  if (outcome === 'succeeded' || outcome === 'requires_action') return { status: outcome };
  return { status: 'failed', message: lastError(engine, invoiceId) };
}

/** A price the portal offers (the customer may switch to), with its product's name. */
export interface PortalPlan {
  price: Stripe.Price;
  productName: string;
}

export function portalConfiguration(
  engine: Engine,
  session: Stripe.BillingPortal.Session,
): Stripe.BillingPortal.Configuration | undefined {
  return engine.state.portalConfigurations[idOf(session.configuration) ?? ''];
}

/** The prices the session's portal configuration lets the customer switch to (active ones). */
export function portalPlans(engine: Engine, session: Stripe.BillingPortal.Session): PortalPlan[] {
  const update = portalConfiguration(engine, session)?.features.subscription_update;
  if (!update?.enabled || !update.products) return [];
  const plans: PortalPlan[] = [];
  for (const entry of update.products) {
    const product = engine.state.products[entry.product];
    for (const priceId of entry.prices) {
      const price = engine.state.prices[priceId];
      if (price?.active && price.recurring) {
        plans.push({ price, productName: product?.name ?? price.nickname ?? price.id });
      }
    }
  }
  return plans;
}

function ownSubscription(
  engine: Engine,
  session: Stripe.BillingPortal.Session,
  subId: string,
): Stripe.Subscription {
  const sub = engine.state.subscriptions[subId];
  if (!sub || idOf(sub.customer) !== session.customer) {
    throw resourceMissing('subscription', subId);
  }
  return sub;
}

/**
 * Portal "Update payment method": attaches the card, makes it the customer's default, and
 * moves subscriptions that named their own default onto it.
 */
export function portalUpdateCard(
  engine: Engine,
  session: Stripe.BillingPortal.Session,
  number: string,
): string {
  const pmId = attachTypedCard(engine, session.customer, number);
  portalMakeDefault(engine, session, pmId);
  return pmId;
}

/**
 * The payment method a customer is charged with: their `invoice_settings` default, else the
 * default of their newest live subscription (what Checkout sets, as Stripe does).
 */
export function effectiveDefaultCard(engine: Engine, customerId: string): string | null {
  const customer = engine.state.customers[customerId];
  const own = idOf(customer?.invoice_settings?.default_payment_method as string | null);
  if (own) return own;
  const subs = valuesOf(engine.state.subscriptions)
    .filter((s) => idOf(s.customer) === customerId && s.default_payment_method)
    .reverse();
  return idOf((subs[0]?.default_payment_method as string | null) ?? null);
}

/**
 * Portal "Make default": the card becomes the customer's default and the default of their
 * subscriptions that had one, as Stripe's portal does.
 */
export function portalMakeDefault(
  engine: Engine,
  session: Stripe.BillingPortal.Session,
  pmId: string,
): void {
  const pm = engine.state.paymentMethods[pmId];
  if (!pm || pm.customer !== session.customer) throw resourceMissing('payment_method', pmId);
  setDefaultPaymentMethod(engine, session.customer, pmId);
  for (const sub of valuesOf(engine.state.subscriptions)) {
    if (idOf(sub.customer) === session.customer && sub.default_payment_method) {
      updateSubscription(engine, sub, (s) => {
        s.default_payment_method = pmId;
      });
    }
  }
}

/**
 * Portal "Cancel subscription": at period end, or at once when the configuration says
 * `subscription_cancel.mode: immediately`. Returns which happened.
 */
export function portalCancel(
  engine: Engine,
  session: Stripe.BillingPortal.Session,
  subId: string,
): 'cancel' | 'canceled' {
  ownSubscription(engine, session, subId);
  const cancel = portalConfiguration(engine, session)?.features.subscription_cancel;
  if (cancel && !cancel.enabled) {
    throw invalidRequest('This portal does not allow canceling subscriptions.', 'subscription');
  }
  if (cancel?.mode === 'immediately') {
    cancelSubscription(engine, subId);
    return 'canceled';
  }
  setCancelAtPeriodEnd(engine, subId, true);
  return 'cancel';
}

/** Portal "Renew subscription": drops a scheduled cancellation. */
export function portalResume(
  engine: Engine,
  session: Stripe.BillingPortal.Session,
  subId: string,
): void {
  ownSubscription(engine, session, subId);
  setCancelAtPeriodEnd(engine, subId, false);
}

/** One line of the checkout summary. */
export interface CheckoutLine {
  description: string;
  quantity: number;
  /** Per-period amount of the line (all units) in minor units. */
  amount: number;
  currency: string;
  /** `month`, `year`, … or `null` for one-off. */
  interval: string | null;
  intervalCount: number;
}

/** The session's line items, as the checkout page summarises them. */
export function checkoutLines(engine: Engine, session: Stripe.Checkout.Session): CheckoutLine[] {
  // During a trial the line items' amounts are what is due today (0): the page still shows
  // what each period will cost, as Stripe's does ("14 days free, then $29.00 per month").
  const trial = checkoutTrialDays(engine, session) !== null;
  return (engine.state.internal.checkoutLineItems[session.id] ?? []).map((li) => ({
    description: li.description ?? li.price?.nickname ?? li.price?.id ?? '',
    quantity: li.quantity ?? 1,
    amount:
      trial && li.price?.recurring
        ? priceAmount(engine, li.price, li.quantity ?? 1)
        : li.amount_subtotal,
    currency: li.currency,
    interval: li.price?.recurring?.interval ?? null,
    intervalCount: li.price?.recurring?.interval_count ?? 1,
  }));
}

/** Trial length in days the session starts (from `trial_period_days` or `trial_end`), or null. */
export function checkoutTrialDays(engine: Engine, session: Stripe.Checkout.Session): number | null {
  const data = engine.state.internal.checkoutSubscriptionData[session.id] ?? {};
  if (data.trial_period_days) return data.trial_period_days;
  if (data.trial_end) return Math.max(1, Math.round((data.trial_end - engine.clock.now()) / DAY));
  return null;
}

function fromCheckout(result: CheckoutResult): PageOutcome {
  if (result.status === 'complete') return { status: 'succeeded' };
  if (result.status === 'requires_action') return { status: 'requires_action' };
  return { status: 'failed', message: result.error.message };
}

/** Pays a checkout session with a typed or chosen test card number. */
export function payCheckout(
  engine: Engine,
  sessionId: string,
  input: { email: string; number: string; country?: string; taxId?: string },
): PageOutcome {
  const session = engine.state.checkoutSessions[sessionId];
  const needsCard = !session || collectsCard(engine, session);
  if (!input.number && needsCard)
    throw invalidRequest('Choose a test card or type a card number.', 'number');
  const known = session?.customer || session?.customer_email;
  if (!known && !input.email) throw invalidRequest('Enter your email address.', 'email');
  if (input.email && !/^[^\s@]+@[^\s@]+$/.test(input.email)) {
    throw invalidRequest(`"${input.email}" is not a valid email address.`, 'email');
  }
  return fromCheckout(
    completeCheckout(engine, sessionId, input.number ? { card: { number: input.number } } : null, {
      ...(input.email ? { email: input.email } : {}),
      ...(input.country ? { address: { country: input.country } } : {}),
      ...(input.taxId ? { taxId: { type: 'eu_vat' as const, value: input.taxId } } : {}),
    }),
  );
}

/** Completes or fails the checkout's 3DS challenge. */
export function authenticateCheckout(
  engine: Engine,
  sessionId: string,
  result: 'complete' | 'fail',
): PageOutcome {
  return fromCheckout(settleCheckoutAction(engine, sessionId, result));
}

const PRORATIONS: readonly string[] = ['none', 'create_prorations', 'always_invoice'];

/**
 * Portal "Switch plan": moves the subscription's (single) item to `priceId`, which must be one
 * the configuration offers, prorating per the configuration (default `create_prorations`).
 */
export function portalSwitchPrice(
  engine: Engine,
  session: Stripe.BillingPortal.Session,
  subId: string,
  priceId: string,
): Stripe.Subscription {
  const sub = ownSubscription(engine, session, subId);
  if (!portalPlans(engine, session).some((p) => p.price.id === priceId)) {
    throw invalidRequest(
      `The price ${priceId || '(none)'} is not offered by this portal.`,
      'price',
    );
  }
  const item = sub.items.data[0];
  if (!item) throw invalidRequest('This subscription has no item to change.', 'subscription');
  const configured = portalConfiguration(engine, session)?.features.subscription_update
    .proration_behavior;
  const proration_behavior = (
    configured && PRORATIONS.includes(configured) ? configured : 'create_prorations'
  ) as ProrationBehavior;
  return updateSubscriptionFromApi(engine, subId, {
    items: [{ id: item.id, price: priceId }],
    proration_behavior,
  });
}
