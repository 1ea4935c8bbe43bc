/** The portal lists the customer's invoices and cards; a card from Checkout shows as default. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { authenticateCheckout, completeCheckout } from '../src/index.js';
import {
  axeViolations,
  getPage,
  linkHref,
  type PageStack,
  postForm,
  startPageStack,
} from './pages-helpers.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });
let s: PageStack;
beforeAll(async () => {
  s = await startPageStack('Team', 2500);
});
afterAll(() => s.emulator.close());

async function checkedOut(card: string) {
  const session = await s.stripe.checkout.sessions.create({
    mode: 'subscription',
    customer_email: `${card}@example.test`,
    line_items: [{ price: s.price.id, quantity: 1 }],
    success_url: 'http://app.test/done',
  });
  let result = completeCheckout(s.emulator, session.id, { paymentMethod: card });
  if (result.status === 'requires_action')
    result = authenticateCheckout(s.emulator, session.id, 'complete');
  expect(result.status).toBe('complete');
  const customer = result.session.customer as string;
  const portal = await s.stripe.billingPortal.sessions.create({
    customer,
    return_url: 'http://app.test/account',
  });
  return { customer, subscription: result.session.subscription as string, portal };
}

describe('portal lists', () => {
  it('shows the card attached through Checkout as the default, and the invoice with its links', async () => {
    const { customer, portal } = await checkedOut('pm_card_visa');
    const page = await getPage(portal.url);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/data-testid="card">Visa •••• 4242</);
    expect(page.text).toMatch(
      /Visa •••• 4242 <span class="muted">expires [^<]*<\/span> <strong data-testid="default-card">Default/,
    );
    const [invoice] = (await s.stripe.invoices.list({ customer })).data;
    expect(page.text).toContain(`data-invoice="${invoice!.id}"`);
    const view = linkHref(page.text, `View invoice ${invoice!.number}`);
    expect(view).toBe(
      `${invoice!.hosted_invoice_url}?return_url=${encodeURIComponent(`/portal/${portal.id}`)}`,
    );
    const pdf = await fetch(invoice!.invoice_pdf!);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect((await pdf.text()).startsWith('%PDF-1.4')).toBe(true);
    expect(await axeViolations(page.text)).toEqual([]);
  });

  it('lists every saved card and makes another the default, for the subscription too', async () => {
    const { customer, subscription, portal } = await checkedOut('pm_card_visa');
    const other = await s.stripe.paymentMethods.attach('pm_card_mastercard', { customer });
    const page = await getPage(portal.url);
    expect(page.text).toContain(`data-payment-method="${other.id}"`);
    const made = await postForm(portal.url, { action: 'default', payment_method: other.id });
    expect(made.status).toBe(303);
    const after = await getPage(portal.url);
    expect(after.text).toMatch(/data-testid="card">Mastercard •••• 4444</);
    const updated = await s.stripe.customers.retrieve(customer);
    expect(updated).toMatchObject({ invoice_settings: { default_payment_method: other.id } });
    expect((await s.stripe.subscriptions.retrieve(subscription)).default_payment_method).toBe(
      other.id,
    );
  });

  it("the invoice page's 3-D Secure confirmation offers the way back to where it was opened from", async () => {
    const { customer, portal } = await checkedOut('pm_card_authenticationRequired');
    const [invoice] = (await s.stripe.invoices.list({ customer })).data;
    // the renewal needs 3-D Secure again
    s.emulator.clock.freeze();
    s.emulator.clock.advance(32 * 86_400);
    const renewal = (await s.stripe.invoices.list({ customer })).data.find(
      (i) => i.id !== invoice!.id,
    )!;
    expect(renewal.status).toBe('open');
    const back = `?return_url=${encodeURIComponent('http://app.test/account')}`;
    const page = await getPage(`${renewal.hosted_invoice_url}${back}`);
    expect(linkHref(page.text, 'Authenticate payment')).toBe(
      `/invoice/${renewal.id}/authenticate${back}`,
    );
    const done = await postForm(`${s.emulator.url}/invoice/${renewal.id}/authenticate${back}`, {
      action: 'complete',
    });
    expect(done.location).toBe(`/invoice/${renewal.id}${back}`);
    const paid = await getPage(`${s.emulator.url}${done.location}`);
    expect(paid.text).toContain('This invoice has been paid.');
    expect(linkHref(paid.text, 'Return to the site')).toBe('http://app.test/account');
    expect(portal.url).toBeTruthy();
  });
});
