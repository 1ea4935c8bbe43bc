import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateSetupIntent } from '../src/engine/index.js';
import { type Harness, harness } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h.close());

const charge = async (card: string) => {
  const customer = await h.stripe.customers.create();
  return h.stripe.paymentIntents.create({
    amount: 2000,
    currency: 'usd',
    customer: customer.id,
    payment_method: card,
    confirm: true,
  });
};

describe('test cards', () => {
  it('pm_card_visa attaches and charges; each use of the magic id makes a new payment method', async () => {
    const customer = await h.stripe.customers.create();
    const a = await h.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const b = await h.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    expect(a.id).not.toBe(b.id);
    expect(a.card).toMatchObject({ brand: 'visa', last4: '4242' });
    expect((await charge('pm_card_visa')).status).toBe('succeeded');
    const listed = await h.stripe.customers.listPaymentMethods(customer.id);
    expect(listed.data.map((p) => p.id).sort()).toEqual([a.id, b.id].sort());
  });

  it.each([
    ['pm_card_visa_chargeDeclined', 'card_declined', 'generic_decline', 'Your card was declined.'],
    [
      'pm_card_visa_chargeDeclinedInsufficientFunds',
      'card_declined',
      'insufficient_funds',
      'Your card has insufficient funds.',
    ],
    ['pm_card_chargeDeclinedExpiredCard', 'expired_card', 'expired_card', 'Your card has expired.'],
  ])(
    '%s declines with 402 %s/%s, on attach and on charge',
    async (card, code, decline, message) => {
      const customer = await h.stripe.customers.create();
      const err = (await h.stripe.paymentMethods
        .attach(card, { customer: customer.id })
        .catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
      expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
      expect(err).toMatchObject({ statusCode: 402, code, decline_code: decline, message });
      expect(err.headers?.['stripe-should-retry']).toBe('false');
      const chargeErr = (await charge(card).catch(
        (e: unknown) => e,
      )) as Stripe.errors.StripeCardError;
      expect(chargeErr).toBeInstanceOf(Stripe.errors.StripeCardError);
      expect(chargeErr.payment_intent?.status).toBe('requires_payment_method');
      if (code === 'expired_card') expect(chargeErr.param).toBe('exp_month');
    },
  );

  it('pm_card_chargeCustomerFail attaches, then every charge declines', async () => {
    const customer = await h.stripe.customers.create();
    const pm = await h.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', {
      customer: customer.id,
    });
    expect(pm.card?.last4).toBe('0341');
    await expect(charge(pm.id)).rejects.toBeInstanceOf(Stripe.errors.StripeCardError);
  });

  it('pm_card_authenticationRequired needs 3DS on every charge', async () => {
    const pi = await charge('pm_card_authenticationRequired');
    expect(pi.status).toBe('requires_action');
    expect(pi.next_action?.type).toBe('use_stripe_sdk');
  });

  it('pm_card_authenticationRequiredOnSetup: 3DS at setup, then off-session charges succeed', async () => {
    const customer = await h.stripe.customers.create();
    const si = await h.stripe.setupIntents.create({
      customer: customer.id,
      payment_method: 'pm_card_authenticationRequiredOnSetup',
      confirm: true,
    });
    expect(si.status).toBe('requires_action');
    const direct = await charge('pm_card_authenticationRequiredOnSetup');
    expect(direct.status).toBe('requires_action');
    const done = authenticateSetupIntent(h.emulator.engine, si.id, 'complete');
    expect(done.status).toBe('succeeded');
    const later = await h.stripe.paymentIntents.create({
      amount: 1500,
      currency: 'usd',
      customer: customer.id,
      payment_method: done.payment_method as string,
      confirm: true,
      off_session: true,
    });
    expect(later.status).toBe('succeeded');
  });

  it('creates card payment methods from test numbers and tok_ tokens; refuses non-test numbers', async () => {
    const pm = await h.stripe.paymentMethods.create({
      type: 'card',
      card: { number: '4000 0027 6000 3184', exp_month: 12, exp_year: 2030, cvc: '123' },
    });
    expect(pm.card).toMatchObject({ last4: '3184', exp_month: 12, exp_year: 2030 });
    const tok = await h.stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
    expect(tok.card?.last4).toBe('4242');
    await expect(
      h.stripe.paymentMethods.create({
        type: 'card',
        card: { number: '4111111111111112', exp_month: 1, exp_year: 2030 },
      }),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeCardError);
  });

  it('detaches a payment method and clears the customer default', async () => {
    const customer = await h.stripe.customers.create();
    const pm = await h.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await h.stripe.customers.update(customer.id, {
      invoice_settings: { default_payment_method: pm.id },
    });
    const detached = await h.stripe.paymentMethods.detach(pm.id);
    expect(detached.customer).toBeNull();
    const after = (await h.stripe.customers.retrieve(customer.id)) as Stripe.Customer;
    expect(after.invoice_settings.default_payment_method).toBeNull();
    await expect(h.stripe.paymentMethods.detach(pm.id)).rejects.toMatchObject({ statusCode: 400 });
  });

  it('a first subscription payment with a declining card leaves it incomplete; error_if_incomplete answers 402', async () => {
    const customer = await h.stripe.customers.create();
    const pm = await h.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', {
      customer: customer.id,
    });
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
      default_payment_method: pm.id,
    });
    expect(sub.status).toBe('incomplete');
    await expect(
      h.stripe.subscriptions.create({
        customer: customer.id,
        items: [{ price: h.monthly.id }],
        default_payment_method: pm.id,
        payment_behavior: 'error_if_incomplete',
      }),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeCardError);
    h.emulator.clock.advance(23 * 3600);
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe('incomplete_expired');
  });

  it('default_incomplete leaves the first invoice open for on-session confirmation', async () => {
    const customer = await h.stripe.customers.create();
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
      payment_behavior: 'default_incomplete',
      expand: ['latest_invoice.confirmation_secret'],
    });
    expect(sub.status).toBe('incomplete');
    const invoice = sub.latest_invoice as Stripe.Invoice;
    const piId = invoice.confirmation_secret!.client_secret.split('_secret_')[0]!;
    const pi = await h.stripe.paymentIntents.confirm(piId, { payment_method: 'pm_card_visa' });
    expect(pi.status).toBe('succeeded');
    expect((await h.stripe.invoices.retrieve(invoice.id)).status).toBe('paid');
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
  });
});
