import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerWithCard, type Harness, harness } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h.close());

/** A customer paying the first invoice of a monthly subscription with a card. */
async function paidSubscription() {
  const customer = await customerWithCard(h.stripe);
  const subscription = await h.stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: h.monthly.id }],
  });
  const invoice = subscription.latest_invoice as string;
  return { customer, subscription, invoice };
}

describe('invoice payments', () => {
  it("lists an invoice's paid payment with its payment intent", async () => {
    const { invoice } = await paidSubscription();
    const payments = await h.stripe.invoicePayments.list({ invoice, status: 'paid' });
    expect(payments.data).toHaveLength(1);
    expect(payments.data[0]).toMatchObject({
      object: 'invoice_payment',
      invoice,
      amount_paid: 1000,
      status: 'paid',
      payment: { type: 'payment_intent' },
    });
    expect(payments.data[0]!.payment.payment_intent).toMatch(/^pi_/);
    expect((await h.stripe.invoicePayments.list({ invoice, status: 'open' })).data).toEqual([]);
  });

  it('refuses a parameter it does not honour', async () => {
    const error = await h.stripe.invoicePayments
      .list({ payment: { type: 'payment_intent', payment_intent: 'pi_x' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((error as Stripe.errors.StripeError).param).toBe('payment');
  });
});

describe('refunds', () => {
  it('refunds a payment intent in full once, emits refund.created, and refuses a second refund', async () => {
    const { invoice } = await paidSubscription();
    const [payment] = (await h.stripe.invoicePayments.list({ invoice })).data;
    const paymentIntent = payment!.payment.payment_intent as string;
    const before = h.emulator.events.ofType('refund.created').length;
    const refund = await h.stripe.refunds.create({
      payment_intent: paymentIntent,
      reason: 'duplicate',
      metadata: { why: 'test' },
    });
    expect(refund).toMatchObject({
      object: 'refund',
      amount: 1000,
      currency: 'usd',
      payment_intent: paymentIntent,
      reason: 'duplicate',
      status: 'succeeded',
      metadata: { why: 'test' },
    });
    expect(h.emulator.events.ofType('refund.created')).toHaveLength(before + 1);
    expect((await h.stripe.refunds.retrieve(refund.id)).id).toBe(refund.id);
    expect(
      (await h.stripe.refunds.list({ payment_intent: paymentIntent })).data.map((r) => r.id),
    ).toEqual([refund.id]);
    const again = await h.stripe.refunds
      .create({ payment_intent: paymentIntent })
      .catch((e: unknown) => e);
    expect((again as Stripe.errors.StripeError).code).toBe('charge_already_refunded');
  });

  it('refunds part of a payment and refuses more than is left', async () => {
    const { invoice } = await paidSubscription();
    const [payment] = (await h.stripe.invoicePayments.list({ invoice })).data;
    const paymentIntent = payment!.payment.payment_intent as string;
    await h.stripe.refunds.create({ payment_intent: paymentIntent, amount: 400 });
    const tooMuch = await h.stripe.refunds
      .create({ payment_intent: paymentIntent, amount: 700 })
      .catch((e: unknown) => e);
    expect((tooMuch as Stripe.errors.StripeError).param).toBe('amount');
    expect((await h.stripe.refunds.create({ payment_intent: paymentIntent })).amount).toBe(600);
  });

  it('answers 400 for a payment intent that did not succeed, and refuses unknown parameters', async () => {
    const pi = await h.stripe.paymentIntents.create({ amount: 500, currency: 'usd' });
    const unpaid = await h.stripe.refunds
      .create({ payment_intent: pi.id })
      .catch((e: unknown) => e);
    expect((unpaid as Stripe.errors.StripeError).param).toBe('payment_intent');
    const charge = await h.stripe.refunds.create({ charge: 'ch_x' }).catch((e: unknown) => e);
    expect((charge as Stripe.errors.StripeError).param).toBe('charge');
  });
});
