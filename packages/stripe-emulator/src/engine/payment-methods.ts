import type Stripe from 'stripe';
import { cardError, invalidRequest, resourceMissing } from '../errors.js';
import { newId } from '../ids.js';
import {
  behaviourOf,
  cardByNumber,
  cardByToken,
  fingerprintOf,
  setupDeclineFor,
  type TestCard,
} from './cards.js';
import type { Engine } from './context.js';
import { getCustomer } from './customers.js';
import { emit, update } from './emit.js';
import { mergeMetadata } from './util.js';

/** Card details as typed on the hosted page or sent as `card[...]`. */
export interface CardInput {
  number?: string;
  token?: string;
  exp_month?: number;
  exp_year?: number;
  cvc?: string;
}

function buildCard(engine: Engine, card: TestCard, input: CardInput = {}): Stripe.PaymentMethod {
  const year = new Date(engine.clock.now() * 1000).getUTCFullYear();
  const pm = {
    id: newId('pm'),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: { address: null, email: null, name: null, phone: null, tax_id: null },
    card: {
      brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
      country: card.country ?? 'US',
      display_brand: card.brand,
      exp_month: input.exp_month ?? 12,
      exp_year: input.exp_year ?? year + 3,
      fingerprint: fingerprintOf(card),
      funding: card.funding ?? 'credit',
      generated_from: null,
      last4: card.number.slice(-4),
      networks: { available: [card.brand], preferred: null },
      regulated_status: 'unregulated',
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: engine.clock.now(),
    customer: null as string | null,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: 'card',
  } satisfies Stripe.PaymentMethod;
  engine.state.paymentMethods[pm.id] = pm;
  return pm;
}

/**
 * Creates a card payment method from a test card number or a `pm_card_*` / `tok_*` token.
 * Unknown numbers are refused the way Stripe's test mode refuses real cards.
 */
export function createCardPaymentMethod(
  engine: Engine,
  input: CardInput,
  metadata?: Record<string, string>,
): Stripe.PaymentMethod {
  const card = input.token
    ? cardByToken(input.token)
    : input.number
      ? cardByNumber(input.number)
      : undefined;
  if (!card) {
    if (input.token) throw resourceMissing('token', input.token, 'card[token]');
    if (!input.number)
      throw invalidRequest('Missing required param: card.', 'card', 'parameter_missing');
    throw cardError(
      'Your card was declined. Your request was in test mode, but used a non test card. For a list of valid test cards, visit: https://docs.stripe.com/testing.',
      'card_declined',
      { decline_code: 'test_mode_live_card', param: 'number' },
    );
  }
  const pm = buildCard(engine, card, input);
  pm.metadata = mergeMetadata({}, metadata);
  return pm;
}

/**
 * The payment method `id`. A `pm_card_*` test id yields a fresh payment method each time,
 * as Stripe does.
 */
export function resolvePaymentMethod(
  engine: Engine,
  id: string,
  param = 'payment_method',
): Stripe.PaymentMethod {
  const stored = engine.state.paymentMethods[id];
  if (stored) return stored;
  const card = cardByToken(id);
  if (card) return buildCard(engine, card);
  throw resourceMissing('PaymentMethod', id, param);
}

/**
 * Attaches a payment method to a customer; emits `payment_method.attached`. Cards that
 * decline every charge (0002, 9995, 0069) fail here with their card error, like Stripe —
 * unless `verify: false` (a subscription's first payment declines instead).
 */
export function attachPaymentMethod(
  engine: Engine,
  id: string,
  customerId: string,
  options: { verify?: boolean } = {},
): Stripe.PaymentMethod {
  getCustomer(engine, customerId);
  const pm = resolvePaymentMethod(engine, id, 'payment_method');
  if (pm.customer === customerId) return pm;
  if (pm.customer) {
    throw invalidRequest(
      'The payment method you provided has already been attached to a customer.',
      'payment_method',
    );
  }
  const behaviour = behaviourOf(pm);
  const decline = options.verify === false ? null : setupDeclineFor(behaviour);
  if (decline) {
    throw cardError(decline.message, decline.code, {
      decline_code: decline.decline_code,
      ...(decline.param ? { param: decline.param } : {}),
    });
  }
  pm.customer = customerId;
  emit(engine, 'payment_method.attached', pm);
  return pm;
}

/** Detaches a payment method; emits `payment_method.detached`. */
export function detachPaymentMethod(engine: Engine, id: string): Stripe.PaymentMethod {
  const pm = engine.state.paymentMethods[id];
  if (!pm) throw resourceMissing('PaymentMethod', id);
  if (!pm.customer) {
    throw invalidRequest(
      'The payment method you provided is not attached to a customer so detachment is impossible.',
      'payment_method',
    );
  }
  const customer = engine.state.customers[pm.customer as string];
  const previous = pm.customer;
  pm.customer = null;
  emit(engine, 'payment_method.detached', pm, { customer: previous });
  if (customer?.invoice_settings?.default_payment_method === id) {
    update(engine, 'customer.updated', customer, (c) => {
      c.invoice_settings = { ...c.invoice_settings, default_payment_method: null };
    });
  }
  return pm;
}

/** Sets the customer's `invoice_settings.default_payment_method`; emits `customer.updated`. */
export function setDefaultPaymentMethod(engine: Engine, customerId: string, pmId: string): void {
  const customer = getCustomer(engine, customerId);
  update(engine, 'customer.updated', customer, (c) => {
    c.invoice_settings = { ...c.invoice_settings, default_payment_method: pmId };
  });
}

/**
 * The payment method an intent confirmation uses — `param` when given, else the intent's own —
 * after Stripe's checks: a succeeded or canceled intent cannot be confirmed, and one without a
 * payment method is refused.
 */
export function paymentMethodToConfirm(
  engine: Engine,
  intent: { status: string; payment_method: string | Stripe.PaymentMethod | null },
  noun: 'PaymentIntent' | 'SetupIntent',
  param: string | null | undefined,
): string {
  const stateCode =
    noun === 'PaymentIntent' ? 'payment_intent_unexpected_state' : 'setup_intent_unexpected_state';
  if (intent.status === 'succeeded' || intent.status === 'canceled') {
    throw invalidRequest(
      `You cannot confirm this ${noun} because it has a status of ${intent.status}.`,
      'intent',
      stateCode,
    );
  }
  const pmId = param
    ? resolvePaymentMethod(engine, param).id
    : (intent.payment_method as string | null);
  if (!pmId) {
    throw invalidRequest(
      `You cannot confirm this ${noun} because it's missing a payment method.`,
      'payment_method',
      noun === 'PaymentIntent' ? stateCode : undefined,
    );
  }
  return pmId;
}
