import type Stripe from 'stripe';
import type { Engine } from '../engine/context.js';
import { getCustomer } from '../engine/customers.js';
import { clone } from '../engine/emit.js';
import { settleFromPaymentIntent } from '../engine/invoices.js';
import { paymentMethodToConfirm, resolvePaymentMethod } from '../engine/payment-methods.js';
import {
  cancelPaymentIntent,
  confirmPaymentIntent,
  createPaymentIntent,
} from '../engine/payments.js';
import { mergeMetadata, must } from '../engine/util.js';
import { cardError, invalidRequest, missingParam } from '../errors.js';
import { paginate } from '../http/list.js';
import type { Route } from '../http/router.js';
import { bool, int, metadata, oneOf, PAGINATION, str } from '../http/schema.js';
import { valuesOf } from '../state.js';

const get = (engine: Engine, id: string) =>
  must(engine.state.paymentIntents, id, 'payment_intent', 'intent');

/** Confirms and, for a decline, answers 402 with the payment intent attached (like Stripe). */
function confirm(
  engine: Engine,
  pi: Stripe.PaymentIntent,
  pmParam: string | undefined,
  offSession = false,
): Stripe.PaymentIntent {
  const pmId = paymentMethodToConfirm(engine, pi, 'PaymentIntent', pmParam);
  const outcome = confirmPaymentIntent(engine, pi, pmId);
  if (outcome === 'succeeded') settleFromPaymentIntent(engine, pi);
  if (outcome === 'requires_action' && offSession) {
    // Off-session, nobody can answer a challenge: Stripe declines with authentication_required.
    const message = 'Your card was declined. This transaction requires authentication.';
    pi.status = 'requires_payment_method';
    pi.next_action = null;
    pi.last_payment_error = {
      type: 'card_error',
      code: 'authentication_required',
      decline_code: 'authentication_required',
      message,
    } as Stripe.PaymentIntent.LastPaymentError;
    throw cardError(message, 'authentication_required', {
      decline_code: 'authentication_required',
      payment_intent: clone(pi),
    });
  }
  if (outcome === 'failed') {
    const e = pi.last_payment_error!;
    throw cardError(e.message ?? 'Your card was declined.', e.code ?? 'card_declined', {
      ...(e.decline_code ? { decline_code: e.decline_code } : {}),
      ...(e.param ? { param: e.param } : {}),
      payment_intent: clone(pi),
    });
  }
  return pi;
}

/** /v1/payment_intents */
export const paymentIntentRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v1/payment_intents',
    parameters: {
      amount: int({ required: true }),
      currency: str({ required: true }),
      customer: str(),
      payment_method: str(),
      description: str(),
      metadata,
      setup_future_usage: oneOf(['on_session', 'off_session']),
      off_session: bool(),
      confirm: bool(),
    },
    handler: ({ engine, params }) => {
      const amount = params.int('amount');
      if (amount === undefined) throw missingParam('amount');
      if (amount < 50)
        throw invalidRequest('Amount must be at least $0.50 usd', 'amount', 'amount_too_small');
      const currency = params.str('currency');
      if (!currency) throw missingParam('currency');
      const customer = params.str('customer');
      if (customer) getCustomer(engine, customer);
      const pm = params.str('payment_method');
      const pi = createPaymentIntent(engine, {
        amount,
        currency,
        customer,
        payment_method: pm ? resolvePaymentMethod(engine, pm).id : null,
        description: params.strOrNull('description'),
        metadata: mergeMetadata({}, params.meta()),
        setup_future_usage:
          (params.str('setup_future_usage') as Stripe.PaymentIntent.SetupFutureUsage | undefined) ??
          null,
      });
      const offSession = params.bool('off_session') ?? false;
      if (offSession && !params.bool('confirm'))
        throw invalidRequest('You may only pass off_session when confirm=true.', 'off_session');
      return params.bool('confirm') ? confirm(engine, pi, undefined, offSession) : pi;
    },
  },
  {
    method: 'GET',
    path: '/v1/payment_intents/:id',
    parameters: {},
    handler: ({ engine, ids }) => get(engine, ids[0]!),
  },
  {
    method: 'POST',
    path: '/v1/payment_intents/:id',
    parameters: { metadata, payment_method: str() },
    handler: ({ engine, ids, params }) => {
      const pi = get(engine, ids[0]!);
      pi.metadata = mergeMetadata(pi.metadata, params.meta());
      const pm = params.str('payment_method');
      if (pm) pi.payment_method = resolvePaymentMethod(engine, pm).id;
      return pi;
    },
  },
  {
    method: 'POST',
    path: '/v1/payment_intents/:id/confirm',
    parameters: { payment_method: str() },
    handler: ({ engine, ids, params }) =>
      confirm(engine, get(engine, ids[0]!), params.str('payment_method')),
  },
  {
    method: 'POST',
    path: '/v1/payment_intents/:id/cancel',
    parameters: {
      cancellation_reason: oneOf(['abandoned', 'duplicate', 'fraudulent', 'requested_by_customer']),
    },
    handler: ({ engine, ids, params }) => {
      const pi = get(engine, ids[0]!);
      if (pi.status === 'succeeded' || pi.status === 'canceled') {
        throw invalidRequest(
          `You cannot cancel this PaymentIntent because it has a status of ${pi.status}.`,
          'intent',
          'payment_intent_unexpected_state',
        );
      }
      cancelPaymentIntent(
        engine,
        pi,
        (params.str('cancellation_reason') as
          | Stripe.PaymentIntent.CancellationReason
          | undefined) ?? null,
      );
      return pi;
    },
  },
  {
    method: 'GET',
    path: '/v1/payment_intents',
    parameters: { ...PAGINATION, customer: str() },
    handler: ({ engine, params }) => {
      const customer = params.str('customer');
      const items = valuesOf(engine.state.paymentIntents).filter(
        (p) => !customer || p.customer === customer,
      );
      return paginate(items, params, '/v1/payment_intents');
    },
  },
];
