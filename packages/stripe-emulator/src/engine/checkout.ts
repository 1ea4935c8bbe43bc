import type Stripe from 'stripe';
import { invalidRequest, missingParam, StripeApiError, type StripeErrorBody } from '../errors.js';
import { clientSecret, newId } from '../ids.js';
import type { CheckoutSubscriptionData } from '../state.js';
import {
  AUTH_FAILURE_MESSAGE,
  behaviourOf,
  declineFor,
  needsAuthentication,
  setupDeclineFor,
  setupNeedsAuthentication,
} from './cards.js';
import { applyPromotionCode, priceCheckout, setCheckoutDiscounts } from './checkout-amounts.js';
import {
  type CheckoutDetails,
  type CheckoutTaxInput,
  checkDetails,
  checkoutTaxFields,
  saveAddress,
} from './checkout-tax.js';
import type { Engine } from './context.js';
import { createCustomer, getCustomer } from './customers.js';
import { update } from './emit.js';
import { productName, recurringPrice } from './items.js';
import {
  attachPaymentMethod,
  type CardInput,
  createCardPaymentMethod,
  resolvePaymentMethod,
} from './payment-methods.js';
import { priceAmount } from './pricing.js';
import { confirmSetup } from './setup-intents.js';
import { anchorOf, createSubscription } from './subscriptions.js';
import { DAY, idOf, mergeMetadata, must } from './util.js';

/** Parameters for {@link createCheckoutSession}. */
interface CheckoutInput extends CheckoutTaxInput {
  mode?: Stripe.Checkout.Session.Mode;
  customer?: string;
  customer_email?: string;
  client_reference_id?: string;
  line_items?: Array<{ price: string; quantity?: number }>;
  success_url?: string;
  cancel_url?: string;
  return_url?: string;
  ui_mode?: 'hosted_page' | 'embedded_page';
  subscription_data?: CheckoutSubscriptionData;
  metadata?: Record<string, string>;
  allow_promotion_codes?: boolean;
  discounts?: Array<{ coupon?: string; promotion_code?: string }>;
  expires_at?: number;
  payment_method_collection?: 'always' | 'if_required';
}

/** Creates a subscription-mode checkout session (`url` for hosted, `client_secret` for embedded). */
export function createCheckoutSession(
  engine: Engine,
  input: CheckoutInput,
): Stripe.Checkout.Session {
  const mode = input.mode;
  if (!mode) throw missingParam('mode');
  if (mode !== 'subscription') {
    throw invalidRequest(
      'The emulator supports checkout sessions with mode=subscription only.',
      'mode',
    );
  }
  const uiMode = input.ui_mode ?? 'hosted_page';
  if (uiMode !== 'hosted_page' && uiMode !== 'embedded_page') {
    throw invalidRequest(
      `The emulator supports ui_mode hosted_page and embedded_page, not ${uiMode}.`,
      'ui_mode',
    );
  }
  if (uiMode === 'embedded_page') {
    if (input.success_url)
      throw invalidRequest(
        '`success_url` is not supported with ui_mode=embedded_page; use `return_url`.',
        'success_url',
      );
    if (!input.return_url) throw missingParam('return_url');
  } else if (input.return_url) {
    throw invalidRequest(
      '`return_url` is only supported with ui_mode=embedded_page; use `success_url`.',
      'return_url',
    );
  }
  if (!input.line_items?.length) throw missingParam('line_items');
  if (input.customer) getCustomer(engine, input.customer);
  const now = engine.clock.now();
  const expiresAt = input.expires_at ?? now + DAY;
  if (expiresAt < now + 1800 || expiresAt > now + DAY) {
    throw invalidRequest(
      'The `expires_at` timestamp must be between 30 minutes and 24 hours from now.',
      'expires_at',
    );
  }
  const id = newId('cs_test');
  const lineItems = input.line_items.map((li, i) => {
    const price = recurringPrice(engine, li.price, `line_items[${i}][price]`);
    const quantity = li.quantity ?? 1;
    const amount =
      price.recurring?.usage_type === 'metered' ? 0 : priceAmount(engine, price, quantity);
    return {
      id: newId('li'),
      object: 'item',
      adjustable_quantity: null,
      amount_discount: 0,
      amount_subtotal: amount,
      amount_tax: 0,
      amount_total: amount,
      currency: price.currency,
      description: productName(engine, price),
      metadata: {},
      price,
      quantity,
    } satisfies Stripe.LineItem;
  });
  const trial = startsTrial(input.subscription_data);
  anchorOf(
    input.subscription_data?.billing_cycle_anchor,
    lineItems[0]!.price!,
    now,
    trial,
    'subscription_data[billing_cycle_anchor]',
  );
  const tax = checkoutTaxFields(engine, input.customer, input);
  const session = {
    id,
    object: 'checkout.session',
    adaptive_pricing: null,
    after_expiration: null,
    allow_promotion_codes: input.allow_promotion_codes ?? null,
    allowed_payment_method_types: null,
    amount_subtotal: 0,
    amount_total: 0,
    ...tax,
    cancel_url: input.cancel_url ?? null,
    client_reference_id: input.client_reference_id ?? null,
    client_secret: uiMode === 'embedded_page' ? clientSecret(id) : null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: now,
    currency: lineItems[0]!.currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: {
      after_submit: null,
      shipping_address: null,
      submit: null,
      terms_of_service_acceptance: null,
    },
    customer: input.customer ?? null,
    customer_account: null,
    customer_creation: input.customer ? null : 'always',
    customer_details: null,
    customer_email: input.customer_email ?? null,
    discounts: [],
    expires_at: expiresAt,
    integration_identifier: null,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: null,
    managed_payments: null,
    metadata: mergeMetadata({}, input.metadata),
    mode,
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: input.payment_method_collection ?? 'always',
    payment_method_configuration_details: null,
    payment_method_options: null,
    payment_method_types: ['card'],
    payment_status: 'unpaid',
    permissions: null,
    recovered_from: null,
    ...(input.return_url ? { return_url: input.return_url } : {}),
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: 'open',
    submit_type: null,
    subscription: null,
    success_url: input.success_url ?? null,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: uiMode,
    url: uiMode === 'hosted_page' ? `${engine.config.baseUrl}/checkout/${id}` : null,
    wallet_options: null,
  } satisfies Stripe.Checkout.Session;
  engine.state.checkoutSessions[id] = session as Stripe.Checkout.Session;
  engine.state.internal.checkoutLineItems[id] = lineItems;
  engine.state.internal.checkoutSubscriptionData[id] = input.subscription_data ?? {};
  if (input.customer_update)
    engine.state.internal.checkoutCustomerUpdate[id] = input.customer_update;
  // Due today: nothing in a trial, the time up to the anchor (prorated as on create), or all,
  // less the session's discounts — as the first invoice will bill it.
  if (input.discounts?.length) setCheckoutDiscounts(engine, session, input.discounts);
  else priceCheckout(engine, session);
  return session as Stripe.Checkout.Session;
}

/** The checkout session with `id`, or a 404. */
export function getCheckoutSession(engine: Engine, id: string): Stripe.Checkout.Session {
  return must(engine.state.checkoutSessions, id, 'checkout.session', 'session');
}

/** Expires an open session; emits `checkout.session.expired`. */
export function expireCheckoutSession(engine: Engine, id: string): Stripe.Checkout.Session {
  const session = getCheckoutSession(engine, id);
  if (session.status !== 'open') {
    throw invalidRequest(
      `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`,
      'session',
    );
  }
  update(engine, 'checkout.session.expired', session, (s) => {
    s.status = 'expired';
    s.url = null;
  });
  return session;
}

/**
 * A card for checkout: an existing / `pm_card_*` payment method id, or typed card details;
 * `null` when the session collects no card (`payment_method_collection: 'if_required'` and
 * nothing due today, i.e. a trial).
 */
export type CheckoutPayment = { paymentMethod: string } | { card: CardInput } | null;

/** Whether the checkout page must collect a card (Stripe skips it for a free trial with `if_required`). */
export function collectsCard(engine: Engine, session: Stripe.Checkout.Session): boolean {
  const data = engine.state.internal.checkoutSubscriptionData[session.id] ?? {};
  return session.payment_method_collection !== 'if_required' || !startsTrial(data);
}

/** The result of a checkout attempt. */
export type CheckoutResult =
  | { status: 'complete'; session: Stripe.Checkout.Session }
  | { status: 'requires_action'; session: Stripe.Checkout.Session }
  | { status: 'failed'; session: Stripe.Checkout.Session; error: StripeErrorBody };

/**
 * Completes a subscription-mode checkout as the hosted page would: creates the customer
 * (if new), attaches the card, starts the subscription (paid, or trialing with the card saved
 * through a SetupIntent) and marks the session complete. 3DS cards stop at `requires_action`
 * until {@link settleCheckoutAction}; declines return Stripe's error and leave the session open.
 */
export function completeCheckout(
  engine: Engine,
  sessionId: string,
  payment: CheckoutPayment,
  options: {
    email?: string;
    name?: string;
    authenticated?: boolean;
    /** A promotion code the customer types (the session must allow promotion codes). */
    promotionCode?: string;
  } & CheckoutDetails = {},
): CheckoutResult {
  const session = getCheckoutSession(engine, sessionId);
  if (session.status !== 'open') {
    throw invalidRequest(
      `This Checkout Session is ${session.status} and can no longer be paid.`,
      'session',
    );
  }
  if (options.promotionCode) applyPromotionCode(engine, sessionId, options.promotionCode);
  const email = options.email ?? session.customer_email ?? null;
  const address = checkDetails(engine, session, options);
  const customerFor = () => {
    const existing = idOf(session.customer);
    if (existing) {
      saveAddress(engine, session, existing, address);
      return existing;
    }
    return createCustomer(engine, { email, name: options.name ?? null, address }).id;
  };
  const collected = { address, taxId: options.taxId };
  if (payment === null) return completeWithoutCard(engine, session, customerFor, collected);
  try {
    const pm =
      'card' in payment
        ? createCardPaymentMethod(engine, payment.card)
        : resolvePaymentMethod(engine, payment.paymentMethod);
    const behaviour = behaviourOf(pm);
    const data = engine.state.internal.checkoutSubscriptionData[session.id] ?? {};
    const trial = startsTrial(data);
    // A trial only saves the card (SetupIntent), so the setup rules apply: 0341 attaches fine and
    // fails on later charges; a 3DS card is challenged on every new setup.
    const decline = trial
      ? setupDeclineFor(behaviour)
      : declineFor(behaviour, options.authenticated);
    if (decline) {
      return {
        status: 'failed',
        session,
        error: {
          type: 'card_error',
          code: decline.code,
          decline_code: decline.decline_code,
          message: decline.message,
        },
      };
    }
    const challenge = trial
      ? setupNeedsAuthentication(behaviour, options.authenticated)
      : needsAuthentication(
          behaviour,
          options.authenticated,
          engine.state.internal.authenticated[pm.id],
        );
    if (challenge) {
      engine.state.internal.pendingCheckout[session.id] = {
        paymentMethod: pm.id,
        intent: '',
        email,
        details: {
          ...(options.address ? { address: options.address } : {}),
          ...(options.taxId ? { taxId: options.taxId } : {}),
        },
      };
      return { status: 'requires_action', session };
    }
    delete engine.state.internal.pendingCheckout[session.id];
    const customerId = customerFor();
    attachPaymentMethod(engine, pm.id, customerId);
    let setupIntent: string | null = null;
    if (trial) {
      setupIntent = confirmSetup(
        engine,
        { customer: customerId, payment_method: pm.id, usage: 'off_session' },
        true,
      ).id;
    }
    const sub = createSubscription(engine, {
      customer: customerId,
      items: (engine.state.internal.checkoutLineItems[session.id] ?? []).map((li) => ({
        price: li.price!.id,
        quantity: li.quantity ?? 1,
      })),
      default_payment_method: pm.id,
      ...subscriptionFields(data),
      ...sessionDiscounts(engine, session),
      automatic_tax: { enabled: session.automatic_tax.enabled },
      payment_behavior: 'allow_incomplete',
      authenticated: options.authenticated,
    });
    if (options.authenticated) engine.state.internal.authenticated[pm.id] = true;
    markComplete(engine, session, customerId, sub, setupIntent, collected);
    return { status: 'complete', session };
  } catch (error) {
    if (error instanceof StripeApiError && error.status === 402)
      return { status: 'failed', session, error: error.body };
    throw error;
  }
}

/** A free trial with `payment_method_collection: 'if_required'`: no card, no SetupIntent. */
function completeWithoutCard(
  engine: Engine,
  session: Stripe.Checkout.Session,
  customerFor: () => string,
  collected: Collected,
): CheckoutResult {
  if (collectsCard(engine, session)) {
    throw invalidRequest('This Checkout Session needs a payment method.', 'payment_method');
  }
  const data = engine.state.internal.checkoutSubscriptionData[session.id] ?? {};
  const customerId = customerFor();
  const sub = createSubscription(engine, {
    customer: customerId,
    items: (engine.state.internal.checkoutLineItems[session.id] ?? []).map((li) => ({
      price: li.price!.id,
      quantity: li.quantity ?? 1,
    })),
    ...subscriptionFields(data),
    ...sessionDiscounts(engine, session),
    automatic_tax: { enabled: session.automatic_tax.enabled },
    payment_behavior: 'allow_incomplete',
  });
  markComplete(engine, session, customerId, sub, null, collected);
  return { status: 'complete', session };
}

/** Marks the session complete; emits `checkout.session.completed`. */
function markComplete(
  engine: Engine,
  session: Stripe.Checkout.Session,
  customerId: string,
  sub: Stripe.Subscription,
  setupIntent: string | null,
  collected: Collected,
): void {
  const invoice = sub.latest_invoice
    ? engine.state.invoices[sub.latest_invoice as string]
    : undefined;
  const customer = engine.state.customers[customerId]!;
  const trial = sub.status === 'trialing';
  update(engine, 'checkout.session.completed', session, (s) => {
    s.status = 'complete';
    s.payment_status = trial ? 'no_payment_required' : 'paid';
    s.customer = customerId;
    s.subscription = sub.id;
    s.invoice = invoice?.id ?? null;
    s.setup_intent = setupIntent;
    s.url = null;
    s.customer_details = {
      address: collected.address ?? customer.address ?? null,
      business_name: null,
      email: customer.email,
      individual_name: null,
      name: customer.name ?? null,
      phone: null,
      tax_exempt: customer.tax_exempt ?? 'none',
      tax_ids: collected.taxId ? [collected.taxId] : [],
    };
    if (invoice) {
      const tax = (invoice.total_taxes ?? []).reduce((sum, t) => sum + t.amount, 0);
      s.amount_total = invoice.total;
      s.total_details = { ...s.total_details!, amount_tax: tax };
      if (s.automatic_tax.enabled) s.automatic_tax = { ...s.automatic_tax, status: 'complete' };
    }
  });
}

/** Settles the 3DS challenge of a checkout: `complete` finishes it, `fail` leaves the session open with Stripe's error. */
export function settleCheckoutAction(
  engine: Engine,
  sessionId: string,
  result: 'complete' | 'fail',
): CheckoutResult {
  const session = getCheckoutSession(engine, sessionId);
  const pending = engine.state.internal.pendingCheckout[sessionId];
  if (!pending)
    throw invalidRequest(
      'This Checkout Session has no payment awaiting authentication.',
      'session',
    );
  delete engine.state.internal.pendingCheckout[sessionId];
  if (result === 'fail') {
    return {
      status: 'failed',
      session,
      error: {
        type: 'card_error',
        code: 'payment_intent_authentication_failure',
        message: AUTH_FAILURE_MESSAGE,
      },
    };
  }
  return completeCheckout(
    engine,
    sessionId,
    { paymentMethod: pending.paymentMethod },
    { email: pending.email ?? undefined, authenticated: true, ...pending.details },
  );
}

/** What a session's `subscription_data` gives the subscription it creates. */
function subscriptionFields(data: CheckoutSubscriptionData) {
  return {
    ...(data.trial_period_days ? { trial_period_days: data.trial_period_days } : {}),
    ...(data.trial_end ? { trial_end: data.trial_end } : {}),
    ...(data.trial_settings ? { trial_settings: data.trial_settings } : {}),
    ...(data.billing_cycle_anchor !== undefined
      ? { billing_cycle_anchor: data.billing_cycle_anchor }
      : {}),
    ...(data.proration_behavior ? { proration_behavior: data.proration_behavior } : {}),
    metadata: data.metadata ?? {},
    description: data.description ?? null,
  };
}

/** What the page collected for the customer. */
type Collected = { address: Stripe.Address | null; taxId: CheckoutDetails['taxId'] };

/** The discounts a session redeems on the subscription it creates. */
function sessionDiscounts(engine: Engine, session: Stripe.Checkout.Session) {
  const entries = engine.state.internal.checkoutDiscounts[session.id] ?? [];
  return {
    discounts: entries.map((e) =>
      e.promotion_code ? { promotion_code: e.promotion_code } : { coupon: e.coupon },
    ),
    checkoutSession: session.id,
  };
}

/** Whether a session's `subscription_data` starts the subscription with a trial. */
export function startsTrial(data: CheckoutSubscriptionData | undefined): boolean {
  return Boolean(data?.trial_period_days || data?.trial_end);
}

/** The URL the browser goes to after a completed checkout, with `{CHECKOUT_SESSION_ID}` filled in. */
export function checkoutRedirectUrl(
  session: Stripe.Checkout.Session,
  which: 'success' | 'cancel',
): string | null {
  const template =
    which === 'success' ? (session.success_url ?? session.return_url ?? null) : session.cancel_url;
  return template ? template.replaceAll('{CHECKOUT_SESSION_ID}', session.id) : null;
}
