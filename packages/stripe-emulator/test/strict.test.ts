/** Strict by default: Stripe's 400s for parameters the emulator does not honour or that are wrong. */
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { completeCheckout } from '../src/index.js';
import { useHarness } from './helpers.js';

const h = useHarness();

async function refusal(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const err = (await promise.catch((e: unknown) => e)) as Stripe.errors.StripeError;
  expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  expect(err.statusCode).toBe(400);
  return err;
}

describe('strict parameters', () => {
  it('refuses a parameter Stripe knows but the emulator does not honour, naming it', async () => {
    const customer = await h.stripe.customers.create({});
    const err = await refusal(
      h.stripe.subscriptions.create({
        customer: customer.id,
        items: [{ price: h.monthly.id }],
        application_fee_percent: 10,
      }),
    );
    expect(err).toMatchObject({ code: 'parameter_unknown', param: 'application_fee_percent' });
    expect(err.message).toContain('does not support this parameter yet');
  });

  it('refuses unknown nested parameters with their full name', async () => {
    const err = await refusal(
      h.stripe.prices.create({
        currency: 'usd',
        unit_amount: 100,
        product: h.monthly.product as string,
        recurring: { interval: 'month', aggregate_usage: 'sum' } as never,
      }),
    );
    expect(err).toMatchObject({ code: 'parameter_unknown', param: 'recurring[aggregate_usage]' });
  });

  it('validates enums, integers, booleans, required and exclusive parameters like Stripe', async () => {
    const product = h.monthly.product as string;
    const badEnum = await refusal(
      h.stripe.prices.create({
        currency: 'usd',
        unit_amount: 100,
        product,
        recurring: { interval: 'fortnight' as 'month' },
      }),
    );
    expect(badEnum.param).toBe('recurring[interval]');
    expect(badEnum.message).toBe(
      'Invalid recurring[interval]: must be one of day, week, month, or year',
    );

    const badInt = await refusal(
      h.stripe.prices.create({ currency: 'usd', unit_amount: '9.5' as never, product }),
    );
    expect(badInt).toMatchObject({ code: 'parameter_invalid_integer', param: 'unit_amount' });

    const badBool = await refusal(h.stripe.products.list({ active: 'yes' as never }));
    expect(badBool).toMatchObject({ param: 'active', message: 'Invalid boolean: yes' });

    const missing = await refusal(h.stripe.subscriptions.create({ items: [] } as never));
    expect(missing).toMatchObject({ code: 'parameter_missing', param: 'customer' });

    const both = await refusal(
      h.stripe.prices.create({
        currency: 'usd',
        unit_amount: 1,
        unit_amount_decimal: '1',
        product,
      }),
    );
    expect(both).toMatchObject({ code: 'parameters_exclusive', param: 'unit_amount' });
  });

  it('answers 400 resource_missing naming the param for an id inside the body, 404 for the URL', async () => {
    const inBody = await refusal(
      h.stripe.subscriptions.create({ customer: 'cus_nope', items: [{ price: h.monthly.id }] }),
    );
    expect(inBody).toMatchObject({ code: 'resource_missing', param: 'customer' });
    const inUrl = (await h.stripe.customers
      .retrieve('cus_nope')
      .catch((e) => e)) as Stripe.errors.StripeError;
    expect(inUrl.statusCode).toBe(404);
  });

  it('payment_method on customer create attaches it and can be the default in the same call', async () => {
    const customer = await h.stripe.customers.create({
      payment_method: 'pm_card_visa',
      invoice_settings: { default_payment_method: 'pm_card_visa' },
    });
    const pms = await h.stripe.customers.listPaymentMethods(customer.id);
    expect(pms.data).toHaveLength(1);
    expect(customer.invoice_settings.default_payment_method).toBe(pms.data[0]!.id);
  });

  it('payment_method_collection=if_required starts a free trial without a card', async () => {
    const session = await h.stripe.checkout.sessions.create({
      mode: 'subscription',
      customer_email: 'trial@example.com',
      line_items: [{ price: h.monthly.id, quantity: 1 }],
      subscription_data: { trial_period_days: 14 },
      payment_method_collection: 'if_required',
      success_url: 'http://app.test/done',
    });
    expect(session.payment_method_collection).toBe('if_required');
    const result = completeCheckout(h.emulator, session.id, null);
    expect(result.status).toBe('complete');
    const sub = await h.stripe.subscriptions.retrieve(result.session.subscription as string);
    expect(sub.status).toBe('trialing');
    expect(sub.default_payment_method).toBeNull();
    expect(result.session.payment_status).toBe('no_payment_required');
  });
});
