import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Emulator } from '../src/index.js';
import { alertText, getPage, postForm, startPageStack } from './pages-helpers.js';

// every step is a real HTTP round trip; leave room for a loaded CI machine
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });
let emulator: Emulator;
let stripe: Stripe;
let price: Stripe.Price;

beforeAll(async () => {
  ({ emulator, stripe, price } = await startPageStack('Team', 1500));
});
afterAll(async () => {
  await emulator?.close();
});

/** A subscription whose first invoice failed: the card attaches but every charge declines. */
async function failedInvoice() {
  const customer = await stripe.customers.create({
    payment_method: 'pm_card_chargeCustomerFail',
    invoice_settings: { default_payment_method: 'pm_card_chargeCustomerFail' },
  });
  const sub = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: price.id }],
    payment_behavior: 'allow_incomplete',
  });
  const invoice = await stripe.invoices.retrieve(String(sub.latest_invoice));
  return { customer, sub, invoice };
}

describe('hosted invoice page', () => {
  it('shows an open invoice with a pay form', async () => {
    const { invoice } = await failedInvoice();
    expect(invoice.status).toBe('open');
    expect(invoice.hosted_invoice_url).toBe(`${emulator.url}/invoice/${invoice.id}`);
    const page = await getPage(invoice.hosted_invoice_url ?? '');
    expect(page.status).toBe(200);
    expect(page.text).toContain('$15.00');
    expect(page.text).toContain('Saved card (Visa •••• 0341)');
  });

  it('shows the decline of the saved card, then pays with another', async () => {
    const { invoice, sub } = await failedInvoice();
    const url = invoice.hosted_invoice_url ?? '';
    const declined = await postForm(url, { action: 'pay', source: 'saved' });
    expect(declined.status).toBe(402);
    expect(alertText(declined.text)).toBe('Your card was declined.');
    const paid = await postForm(url, { action: 'pay', source: 'new', card: '4242424242424242' });
    expect(paid.status).toBe(303);
    expect(paid.location).toBe(`/invoice/${invoice.id}`);
    expect((await stripe.invoices.retrieve(invoice.id)).status).toBe('paid');
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
    expect((await getPage(url)).text).toContain('This invoice has been paid.');
  });

  it('authenticates an action-required payment (complete)', async () => {
    const { invoice } = await failedInvoice();
    const url = invoice.hosted_invoice_url ?? '';
    const res = await postForm(url, { action: 'pay', source: 'new', card: '4000002760003184' });
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/invoice/${invoice.id}/authenticate`);
    const page = await getPage(url);
    expect(page.text).toContain('Authenticate payment');
    const done = await postForm(`${emulator.url}${res.location}`, { action: 'complete' });
    expect(done.status).toBe(303);
    expect((await stripe.invoices.retrieve(invoice.id)).status).toBe('paid');
  });

  it('authenticates an action-required payment (fail)', async () => {
    const { invoice } = await failedInvoice();
    const url = invoice.hosted_invoice_url ?? '';
    await postForm(url, { action: 'pay', source: 'new', card: '4000002760003184' });
    const failed = await postForm(`${url}/authenticate`, { action: 'fail' });
    expect(failed.status).toBe(402);
    expect(alertText(failed.text)).toMatch(/unable to authenticate/);
    expect((await stripe.invoices.retrieve(invoice.id)).status).toBe('open');
  });

  it('404s an unknown invoice', async () => {
    expect((await getPage(`${emulator.url}/invoice/in_nope`)).status).toBe(404);
  });
});
