/** A subscription whose first payment declines is created `incomplete` (Stripe since 2019-03-14). */
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { TEST_CARDS } from '../src/index.js';
import { useHarness } from './helpers.js';

const h = useHarness();

describe('decline on create', () => {
  it('regression: a declined first payment creates the subscription incomplete, not a card error', async () => {
    const customer = await h.stripe.customers.create({});
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
      default_payment_method: 'pm_card_chargeDeclined',
      expand: ['latest_invoice'],
    });
    expect(sub.status).toBe('incomplete');
    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect(invoice.status).toBe('open');
    const events = h.emulator.events.ofType('invoice.payment_failed');
    expect(events.at(-1)?.data.object).toMatchObject({ id: invoice.id });
  });

  it('a customer whose saved card fails (0341) gets an incomplete subscription', async () => {
    const customer = await h.stripe.customers.create({
      payment_method: 'pm_card_chargeCustomerFail',
      invoice_settings: { default_payment_method: 'pm_card_chargeCustomerFail' },
    });
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
    });
    expect(sub.status).toBe('incomplete');
  });

  it('payment_behavior=error_if_incomplete answers 402 with the decline', async () => {
    const customer = await h.stripe.customers.create({});
    const err = (await h.stripe.subscriptions
      .create({
        customer: customer.id,
        items: [{ price: h.monthly.id }],
        default_payment_method: 'pm_card_visa_chargeDeclinedInsufficientFunds',
        payment_behavior: 'error_if_incomplete',
      })
      .catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(err.decline_code).toBe('insufficient_funds');
  });
});

describe("Stripe's documented pm_card_* tokens", () => {
  it('knows pm_card_chargeDeclined and every card in TEST_CARDS by token and alias', async () => {
    const tokens = TEST_CARDS.flatMap((c) => [c.token ?? [], c.aliases ?? []].flat());
    expect(tokens).toContain('pm_card_chargeDeclined');
    expect(tokens.length).toBeGreaterThan(100);
    expect(new Set(tokens).size, 'every token names one card').toBe(tokens.length);
    expect(new Set(TEST_CARDS.map((c) => c.number)).size).toBe(TEST_CARDS.length);
    for (const token of tokens) {
      const pm = await h.stripe.paymentMethods.retrieve(token).catch(() => null);
      const created =
        pm ?? (await h.stripe.paymentMethods.create({ type: 'card', card: { token } as never }));
      expect(created.card?.last4, token).toMatch(/^\d{4}$/);
    }
  });

  it.each([
    ['pm_card_chargeDeclinedLostCard', 'card_declined', 'lost_card'],
    ['pm_card_chargeDeclinedStolenCard', 'card_declined', 'stolen_card'],
    ['pm_card_chargeDeclinedIncorrectCvc', 'incorrect_cvc', 'incorrect_cvc'],
    ['pm_card_chargeDeclinedProcessingError', 'processing_error', 'processing_error'],
    ['pm_card_radarBlock', 'card_declined', 'fraudulent'],
    ['pm_card_chargeDeclinedVelocityLimitExceeded', 'card_declined', 'card_velocity_exceeded'],
  ])('%s declines a charge with %s / %s', async (token, code, decline) => {
    const err = (await h.stripe.paymentIntents
      .create({ amount: 1000, currency: 'usd', payment_method: token, confirm: true })
      .catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    expect(err).toMatchObject({ statusCode: 402, code, decline_code: decline });
  });

  it('brand, funding and country cards succeed with their card details', async () => {
    const amex = await h.stripe.paymentMethods.create({
      type: 'card',
      card: { token: 'tok_amex' } as never,
    });
    expect(amex.card).toMatchObject({ brand: 'amex', last4: '0005' });
    const debit = await h.stripe.paymentMethods.create({
      type: 'card',
      card: { token: 'tok_visa_debit' } as never,
    });
    expect(debit.card?.funding).toBe('debit');
    const pi = await h.stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      payment_method: 'pm_card_br',
      confirm: true,
    });
    expect(pi.status).toBe('succeeded');
  });

  it('3DS then insufficient funds: asks for authentication first', async () => {
    const pi = await h.stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      payment_method: 'pm_card_authenticationRequiredChargeDeclinedInsufficientFunds',
      confirm: true,
    });
    expect(pi.status).toBe('requires_action');
  });
});
