import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createStripeClient, type Emulator, startEmulator } from '../src/index.js';
import { alertText, getPage, linkHref, postForm } from './pages-helpers.js';

// every step is a real HTTP round trip; leave room for a loaded CI machine
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });
let emulator: Emulator;
let stripe: Stripe;
let basic: Stripe.Price;
let pro: Stripe.Price;
let configuration: Stripe.BillingPortal.Configuration;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  stripe = createStripeClient(emulator);
  const product = await stripe.products.create({ name: 'Plan' });
  basic = await stripe.prices.create({
    product: product.id,
    currency: 'usd',
    unit_amount: 1000,
    nickname: 'Basic',
    recurring: { interval: 'month' },
  });
  pro = await stripe.prices.create({
    product: product.id,
    currency: 'usd',
    unit_amount: 3000,
    nickname: 'Pro',
    recurring: { interval: 'month' },
  });
  // The default configuration (the one Stripe's dashboard makes) is given the plans to offer.
  const [config] = (await stripe.billingPortal.configurations.list({ is_default: true })).data;
  if (!config) throw new Error('the emulator has no default portal configuration');
  configuration = await stripe.billingPortal.configurations.update(config.id, {
    features: {
      subscription_update: {
        products: [{ product: product.id, prices: [basic.id, pro.id] }],
        proration_behavior: 'create_prorations',
      },
    },
  });
});
afterAll(async () => {
  await emulator?.close();
});

async function subscribed() {
  const customer = await stripe.customers.create({
    email: 'portal@example.test',
    payment_method: 'pm_card_visa',
    invoice_settings: { default_payment_method: 'pm_card_visa' },
  });
  const sub = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: basic.id }],
  });
  const portal = await stripe.billingPortal.sessions.create({
    customer: customer.id,
    configuration: configuration.id,
    return_url: 'http://app.test/account',
  });
  return { customer, sub, portal };
}

describe('customer portal page', () => {
  it('shows the plan, the card and a way back', async () => {
    const { portal } = await subscribed();
    expect(portal.url).toBe(`${emulator.url}/portal/${portal.id}`);
    const page = await getPage(portal.url);
    expect(page.status).toBe(200);
    expect(page.text).toContain('$10.00 per month');
    expect(page.text).toContain('Visa •••• 4242');
    expect(page.text).toContain('Cancel subscription');
    expect(linkHref(page.text, 'Return to site')).toBe('http://app.test/account');
  });

  it('cancels at period end and resumes', async () => {
    const { sub, portal } = await subscribed();
    const cancel = await postForm(portal.url, { action: 'cancel', subscription: sub.id });
    expect(cancel.status).toBe(303);
    expect(cancel.location).toBe(`/portal/${portal.id}?done=cancel`);
    const canceled = await stripe.subscriptions.retrieve(sub.id);
    expect(canceled.cancel_at_period_end).toBe(true);
    expect(canceled.status).toBe('active');
    const page = await getPage(`${emulator.url}${cancel.location}`);
    expect(page.text).toContain('will be canceled at the end of the billing period');
    expect(page.text).toContain('Renew subscription');

    const resume = await postForm(portal.url, { action: 'resume', subscription: sub.id });
    expect(resume.status).toBe(303);
    expect((await stripe.subscriptions.retrieve(sub.id)).cancel_at_period_end).toBe(false);
  });

  it('switches to another configured price', async () => {
    const { sub, portal } = await subscribed();
    const page = await getPage(portal.url);
    expect(page.text).toContain('Plan — $30.00 per month');
    const res = await postForm(portal.url, {
      action: 'switch',
      subscription: sub.id,
      price: pro.id,
    });
    expect(res.status).toBe(303);
    const after = await stripe.subscriptions.retrieve(sub.id);
    expect(after.items.data[0]?.price.id).toBe(pro.id);
  });

  it('refuses a price the configuration does not offer', async () => {
    const { sub, portal } = await subscribed();
    const other = await stripe.prices.create({
      currency: 'usd',
      unit_amount: 1,
      recurring: { interval: 'month' },
      product_data: { name: 'Hidden' },
    });
    const res = await postForm(portal.url, {
      action: 'switch',
      subscription: sub.id,
      price: other.id,
    });
    expect(res.status).toBe(400);
    expect(alertText(res.text)).toMatch(/not offered/);
  });

  it('updates the card, and shows Stripe’s message for a declining one', async () => {
    const { customer, portal } = await subscribed();
    const res = await postForm(portal.url, { action: 'update_card', card: '5555555555554444' });
    expect(res.status).toBe(303);
    const after = await stripe.customers.retrieve(customer.id, {
      expand: ['invoice_settings.default_payment_method'],
    });
    const pm = (after as Stripe.Customer).invoice_settings
      .default_payment_method as Stripe.PaymentMethod;
    expect(pm.card?.last4).toBe('4444');
    const declined = await postForm(portal.url, {
      action: 'update_card',
      card: '4000000000009995',
    });
    expect(declined.status).toBe(402);
    expect(alertText(declined.text)).toBe('Your card has insufficient funds.');
  });

  it('does not act on another customer’s subscription', async () => {
    const mine = await subscribed();
    const theirs = await subscribed();
    const res = await postForm(mine.portal.url, { action: 'cancel', subscription: theirs.sub.id });
    expect(res.status).toBe(404);
    expect((await stripe.subscriptions.retrieve(theirs.sub.id)).cancel_at_period_end).toBe(false);
  });

  it('deep-links a flow session to its part and returns where the flow says', async () => {
    const { customer, sub } = await subscribed();
    const cancelFlow = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: 'http://app.test/account',
      flow_data: {
        type: 'subscription_cancel',
        subscription_cancel: { subscription: sub.id },
        after_completion: {
          type: 'redirect',
          redirect: { return_url: 'http://app.test/canceled' },
        },
      },
    });
    const page = await getPage(cancelFlow.url);
    expect(page.text).toContain('Cancel subscription');
    expect(page.text).not.toContain('Update payment method');
    const res = await postForm(cancelFlow.url, { action: 'cancel', subscription: sub.id });
    expect(res.status).toBe(303);
    expect(res.location).toBe('http://app.test/canceled');

    const cardFlow = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      flow_data: { type: 'payment_method_update' },
    });
    const cardPage = await getPage(cardFlow.url);
    expect(cardPage.text).toContain('Update payment method');
    expect(cardPage.text).not.toContain('Cancel subscription');
  });
});
