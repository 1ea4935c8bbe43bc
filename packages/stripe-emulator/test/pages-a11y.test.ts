import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createStripeClient, type Emulator, startEmulator } from '../src/index.js';
import { axeViolations, getPage, postForm } from './pages-helpers.js';

// every step is a real HTTP round trip; leave room for a loaded CI machine
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });
let emulator: Emulator;
let stripe: Stripe;
const pages: Record<string, string> = {};

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  stripe = createStripeClient(emulator);
  const price = await stripe.prices.create({
    currency: 'usd',
    unit_amount: 900,
    recurring: { interval: 'month' },
    product_data: { name: 'Starter' },
  });
  const cs = await stripe.checkout.sessions.create({
    mode: 'subscription',
    line_items: [{ price: price.id, quantity: 1 }],
    success_url: 'http://app.test/ok',
    cancel_url: 'http://app.test/back',
  });
  pages.checkout = (await getPage(cs.url ?? '')).text;
  const coupon = await stripe.coupons.create({ percent_off: 10 });
  await stripe.promotionCodes.create({
    promotion: { type: 'coupon', coupon: coupon.id },
    code: 'A11Y',
  });
  const taxed = await stripe.checkout.sessions.create({
    mode: 'subscription',
    line_items: [{ price: price.id, quantity: 2 }],
    success_url: 'http://app.test/ok',
    allow_promotion_codes: true,
    automatic_tax: { enabled: true },
    tax_id_collection: { enabled: true },
  });
  pages.checkoutTaxed = (
    await postForm(taxed.url ?? '', { action: 'promotion_code', promotion_code: 'A11Y' })
  ).text;
  pages.declined = (
    await postForm(cs.url ?? '', { action: 'pay', email: 'a@b.test', card: '4000000000000002' })
  ).text;
  await postForm(cs.url ?? '', { action: 'pay', email: 'a@b.test', card: '4000002760003184' });
  pages.challenge = (await getPage(`${cs.url}/authenticate`)).text;

  const customer = await stripe.customers.create({
    email: 'a11y@example.test',
    payment_method: 'pm_card_chargeCustomerFail',
    invoice_settings: { default_payment_method: 'pm_card_chargeCustomerFail' },
  });
  const sub = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: price.id }],
  });
  const invoice = await stripe.invoices.retrieve(String(sub.latest_invoice));
  pages.invoice = (await getPage(invoice.hosted_invoice_url ?? '')).text;
  const portal = await stripe.billingPortal.sessions.create({
    customer: customer.id,
    return_url: 'http://app.test/account',
  });
  pages.portal = (await getPage(portal.url)).text;
  pages.missing = (await getPage(`${emulator.url}/checkout/cs_test_missing`)).text;
}, 60_000);
afterAll(async () => {
  await emulator?.close();
});

describe('hosted pages accessibility', () => {
  it('the axe check does catch a bad page', async () => {
    const found = await axeViolations('<html><body><input type="text"></body></html>');
    expect(found.map((v) => v.split(':')[0])).toEqual(
      expect.arrayContaining(['document-title', 'html-has-lang', 'label']),
    );
  });

  it('has no axe violations on any page', async () => {
    const found: Record<string, string[]> = {};
    for (const [name, html] of Object.entries(pages)) {
      expect(html, name).toContain('<main');
      found[name] = await axeViolations(html);
    }
    expect(found).toEqual({
      checkout: [],
      checkoutTaxed: [],
      declined: [],
      challenge: [],
      invoice: [],
      portal: [],
      missing: [],
    });
  }, 60_000);

  it('labels every visible form control and names every button', () => {
    for (const [name, html] of Object.entries(pages)) {
      for (const m of html.matchAll(/<input (?![^>]*type="hidden")[^>]*id="([^"]+)"/g)) {
        expect(html, `${name}: #${m[1]}`).toContain(`<label for="${m[1]}">`);
      }
      expect(html.match(/<input (?![^>]*type="hidden")(?![^>]*id=)/g), name).toBeNull();
      for (const m of html.matchAll(/<button[^>]*>([^<]*)<\/button>/g)) {
        expect((m[1] ?? '').trim(), name).not.toBe('');
      }
      expect(html, name).not.toMatch(/tabindex="[1-9]/);
    }
  });
});
