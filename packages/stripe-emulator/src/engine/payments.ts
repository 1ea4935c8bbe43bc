import type Stripe from 'stripe';
import { clientSecret, newId } from '../ids.js';
import { AUTH_FAILURE_MESSAGE, behaviourOf, declineFor, needsAuthentication } from './cards.js';
import type { Engine } from './context.js';
import { emit, update } from './emit.js';

/** Parameters for {@link createPaymentIntent}. */
interface PaymentIntentInput {
  amount: number;
  currency: string;
  customer?: string | null;
  payment_method?: string | null;
  description?: string | null;
  metadata?: Stripe.Metadata;
  setup_future_usage?: Stripe.PaymentIntent.SetupFutureUsage | null;
}

/** Creates a payment intent in `requires_payment_method` / `requires_confirmation`. */
export function createPaymentIntent(
  engine: Engine,
  input: PaymentIntentInput,
): Stripe.PaymentIntent {
  const id = newId('pi');
  const pi = {
    id,
    object: 'payment_intent',
    allowed_payment_method_types: null,
    amount: input.amount,
    amount_capturable: 0,
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic',
    client_secret: clientSecret(id),
    confirmation_method: 'automatic',
    created: engine.clock.now(),
    currency: input.currency,
    customer: input.customer ?? null,
    customer_account: null,
    description: input.description ?? null,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: input.metadata ?? {},
    next_action: null,
    on_behalf_of: null,
    payment_method: input.payment_method ?? null,
    payment_method_configuration_details: null,
    payment_method_options: null,
    payment_method_types: ['card'],
    payment_record: null,
    processing: null,
    receipt_email: null,
    review: null,
    setup_future_usage: input.setup_future_usage ?? null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: input.payment_method ? 'requires_confirmation' : 'requires_payment_method',
    transfer_group: null,
  } satisfies Stripe.PaymentIntent;
  engine.state.paymentIntents[id] = pi;
  emit(engine, 'payment_intent.created', pi);
  return pi;
}

/** What a confirmation attempt came to. */
export type PaymentOutcome = 'succeeded' | 'requires_action' | 'failed';

/**
 * Confirms `pi` with `paymentMethodId` and applies the test card's behaviour. `authenticated`
 * means the customer just passed a 3DS challenge for this very payment.
 */
export function confirmPaymentIntent(
  engine: Engine,
  pi: Stripe.PaymentIntent,
  paymentMethodId: string,
  options: { authenticated?: boolean; actionUrl?: string | null } = {},
): PaymentOutcome {
  const pm = engine.state.paymentMethods[paymentMethodId];
  const behaviour = pm ? behaviourOf(pm) : 'succeeds';
  const decline = declineFor(behaviour, options.authenticated);
  const needsAction = needsAuthentication(
    behaviour,
    options.authenticated,
    engine.state.internal.authenticated[paymentMethodId],
  );
  if (decline) {
    update(engine, 'payment_intent.payment_failed', pi, (p) => {
      p.payment_method = paymentMethodId;
      p.status = 'requires_payment_method';
      p.next_action = null;
      p.last_payment_error = {
        type: 'card_error',
        code: decline.code,
        decline_code: decline.decline_code,
        message: decline.message,
        doc_url: `https://docs.stripe.com/error-codes/${decline.code.replace(/_/g, '-')}`,
        ...(decline.param ? { param: decline.param } : {}),
        payment_method: pm ?? undefined,
      };
    });
    return 'failed';
  }
  if (needsAction) {
    update(engine, 'payment_intent.requires_action', pi, (p) => {
      p.payment_method = paymentMethodId;
      p.status = 'requires_action';
      p.last_payment_error = null;
      p.next_action = options.actionUrl
        ? { type: 'redirect_to_url', redirect_to_url: { url: options.actionUrl, return_url: null } }
        : { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect' } };
    });
    return 'requires_action';
  }
  if (options.authenticated && pm) engine.state.internal.authenticated[pm.id] = true;
  update(engine, 'payment_intent.succeeded', pi, (p) => {
    p.payment_method = paymentMethodId;
    p.status = 'succeeded';
    p.amount_received = p.amount;
    p.next_action = null;
    p.last_payment_error = null;
    p.latest_charge = newId('ch');
  });
  return 'succeeded';
}

/** Marks a payment intent's 3DS challenge as failed (the customer declined it). */
export function failAuthentication(engine: Engine, pi: Stripe.PaymentIntent): void {
  const pm =
    typeof pi.payment_method === 'string'
      ? engine.state.paymentMethods[pi.payment_method]
      : undefined;
  update(engine, 'payment_intent.payment_failed', pi, (p) => {
    p.status = 'requires_payment_method';
    p.next_action = null;
    p.last_payment_error = {
      type: 'invalid_request_error',
      code: 'payment_intent_authentication_failure',
      message: AUTH_FAILURE_MESSAGE,
      doc_url: 'https://docs.stripe.com/error-codes/payment-intent-authentication-failure',
      payment_method: pm,
    };
  });
}

/** Cancels a payment intent; emits `payment_intent.canceled`. */
export function cancelPaymentIntent(
  engine: Engine,
  pi: Stripe.PaymentIntent,
  reason: Stripe.PaymentIntent.CancellationReason | null = null,
): void {
  update(engine, 'payment_intent.canceled', pi, (p) => {
    p.status = 'canceled';
    p.canceled_at = engine.clock.now();
    p.cancellation_reason = reason;
    p.next_action = null;
  });
}
