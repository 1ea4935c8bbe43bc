import type Stripe from 'stripe';
import { invalidRequest, missingParam } from '../errors.js';
import { newId } from '../ids.js';
import { valuesOf } from '../state.js';
import type { Engine } from './context.js';
import { emit } from './emit.js';
import { must } from './util.js';

/** Parameters for {@link createRefund} (Stripe's `payment_intent` form; charges are not modelled). */
export interface RefundInput {
  payment_intent?: string | undefined;
  amount?: number | undefined;
  reason?: Stripe.RefundCreateParams.Reason | undefined;
  metadata?: Stripe.Metadata | undefined;
}

const REASONS = new Set(['duplicate', 'fraudulent', 'requested_by_customer']);

/** What has been refunded of a payment intent so far. */
function refunded(engine: Engine, paymentIntent: string): number {
  let total = 0;
  for (const refund of valuesOf(engine.state.refunds)) {
    if (refund.payment_intent === paymentIntent && refund.status === 'succeeded') {
      total += refund.amount;
    }
  }
  return total;
}

/**
 * Refunds a succeeded payment intent in full or in part, as Stripe does for cards: the refund
 * succeeds at once and `refund.created` is emitted. Refunding more than is left answers 400
 * `charge_already_refunded` (nothing left) or `amount` too large.
 */
export function createRefund(engine: Engine, input: RefundInput): Stripe.Refund {
  if (!input.payment_intent) throw missingParam('payment_intent');
  const pi = must(
    engine.state.paymentIntents,
    input.payment_intent,
    'payment_intent',
    'payment_intent',
  );
  if (pi.status !== 'succeeded' || !pi.latest_charge) {
    throw invalidRequest(
      `This PaymentIntent (${pi.id}) does not have a successful charge to refund.`,
      'payment_intent',
    );
  }
  if (input.reason !== undefined && !REASONS.has(input.reason)) {
    throw invalidRequest(
      `Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer`,
      'reason',
    );
  }
  const left = pi.amount_received - refunded(engine, pi.id);
  const charge = typeof pi.latest_charge === 'string' ? pi.latest_charge : pi.latest_charge.id;
  if (left <= 0) {
    throw invalidRequest(
      `Charge ${charge} has already been refunded.`,
      undefined,
      'charge_already_refunded',
    );
  }
  const amount = input.amount ?? left;
  if (amount < 1 || amount > left) {
    throw invalidRequest(
      `Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`,
      'amount',
    );
  }
  const refund = {
    id: newId('re'),
    object: 'refund',
    amount,
    balance_transaction: null,
    charge,
    created: engine.clock.now(),
    currency: pi.currency,
    customer: pi.customer,
    customer_account: null,
    destination_details: {
      type: 'card',
      card: {
        reference_status: 'pending',
        reference_type: 'acquirer_reference_number',
        type: 'refund',
      },
    },
    metadata: input.metadata ?? {},
    payment_intent: pi.id,
    payment_method: pi.payment_method,
    reason: input.reason ?? null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
  } as unknown as Stripe.Refund;
  engine.state.refunds[refund.id] = refund;
  emit(engine, 'refund.created', refund);
  return refund;
}
