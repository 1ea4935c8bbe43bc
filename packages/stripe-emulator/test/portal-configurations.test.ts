import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStripeClient, type Emulator, startEmulator } from '../src/index.js';

describe('billing portal configurations through the SDK', () => {
  let emulator: Emulator;
  let stripe: Stripe;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    stripe = createStripeClient(emulator);
  });
  afterAll(() => emulator.close());

  it('creates a configuration whose subscription_update lists the switchable prices', async () => {
    const product = await stripe.products.create({ name: 'Pro' });
    const price = await stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 2000,
      recurring: { interval: 'month' },
    });
    const config = await stripe.billingPortal.configurations.create({
      business_profile: { headline: 'Acme billing' },
      default_return_url: 'http://localhost/billing',
      features: {
        subscription_update: {
          enabled: true,
          default_allowed_updates: ['price'],
          proration_behavior: 'create_prorations',
          products: [{ product: product.id, prices: [price.id] }],
        },
        subscription_cancel: { enabled: true, mode: 'immediately' },
      },
    });
    expect(config).toMatchObject({
      object: 'billing_portal.configuration',
      is_default: false,
      default_return_url: 'http://localhost/billing',
      business_profile: { headline: 'Acme billing' },
    });
    expect(config.features.subscription_update.products).toEqual([
      { product: product.id, prices: [price.id], adjustable_quantity: expect.any(Object) },
    ]);
    expect(config.features.subscription_update.proration_behavior).toBe('create_prorations');
    expect(config.features.subscription_cancel.mode).toBe('immediately');

    const listed = await stripe.billingPortal.configurations.list({ is_default: false });
    expect(listed.data.map((c) => c.id)).toEqual([config.id]);
  });

  it('updates a configuration and emits billing_portal.configuration.updated with previous attributes', async () => {
    const [config] = (await stripe.billingPortal.configurations.list({ is_default: true })).data;
    const updated = await stripe.billingPortal.configurations.update(config!.id, {
      features: { subscription_cancel: { mode: 'immediately' } },
    });
    expect(updated.features.subscription_cancel.mode).toBe('immediately');
    const event = emulator.events
      .all()
      .find((e) => e.type === 'billing_portal.configuration.updated');
    expect(event?.data.previous_attributes).toHaveProperty('features');
  });

  it('refuses a configuration without features and a bad cancel mode, naming the param', async () => {
    await expect(
      stripe.billingPortal.configurations.create(
        {} as Stripe.BillingPortal.ConfigurationCreateParams,
      ),
    ).rejects.toMatchObject({ type: 'StripeInvalidRequestError', param: 'features' });
    await expect(
      stripe.billingPortal.configurations.create({
        features: {
          subscription_cancel: {
            enabled: true,
            mode: 'sometime' as Stripe.BillingPortal.ConfigurationCreateParams.Features.SubscriptionCancel.Mode,
          },
        },
      }),
    ).rejects.toMatchObject({ param: 'features[subscription_cancel][mode]' });
  });
});
