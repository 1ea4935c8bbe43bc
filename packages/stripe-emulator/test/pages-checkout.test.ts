import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Emulator } from '../src/index.js';
import {
  alertText,
  formActions,
  getPage,
  linkHref,
  postForm,
  startPageStack,
} from './pages-helpers.js';

// every step is a real HTTP round trip; leave room for a loaded CI machine
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });
let emulator: Emulator;
let stripe: Stripe;
let price: Stripe.Price;

beforeAll(async () => {
  ({ emulator, stripe, price } = await startPageStack('Pro', 2000));
});
afterAll(async () => {
  await emulator?.close();
});

const SUCCESS = 'http://app.test/billing/done?session_id={CHECKOUT_SESSION_ID}';
const CANCEL = 'http://app.test/pricing';

async function session(extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  return stripe.checkout.sessions.create({
    mode: 'subscription',
    line_items: [{ price: price.id, quantity: 1 }],
    success_url: SUCCESS,
    cancel_url: CANCEL,
    customer_email: 'buyer@example.test',
    ...extra,
  });
}

const pay = (url: string, card: string, extra: Record<string, string> = {}) =>
  postForm(url, { action: 'pay', card, ...extra });

describe('hosted checkout page', () => {
  it('shows the order and a form at the session url', async () => {
    const cs = await session();
    expect(cs.url).toBe(`${emulator.url}/checkout/${cs.id}`);
    const page = await getPage(cs.url ?? '');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Pro');
    expect(page.text).toContain('$20.00');
    expect(page.text).toContain('buyer@example.test');
    expect(formActions(page.text)).toEqual([`/checkout/${cs.id}`]);
    expect(linkHref(page.text, 'Cancel')).toBe(CANCEL);
  });

  it('pays with 4242 and redirects to success_url with the session id', async () => {
    const cs = await session();
    const res = await pay(cs.url ?? '', '4242424242424242');
    expect(res.status).toBe(303);
    expect(res.location).toBe(`http://app.test/billing/done?session_id=${cs.id}`);
    const done = await stripe.checkout.sessions.retrieve(cs.id, { expand: ['subscription'] });
    expect(done).toMatchObject({ status: 'complete', payment_status: 'paid' });
    expect((done.subscription as Stripe.Subscription).status).toBe('active');
    const again = await getPage(cs.url ?? '');
    expect(again.text).toContain('already complete');
  });

  it('asks for an email when the session has none, and accepts a typed card number', async () => {
    const cs = await session({ customer_email: undefined });
    const page = await getPage(cs.url ?? '');
    expect(page.text).toMatch(/<label for="email">Email<\/label>/);
    const res = await postForm(cs.url ?? '', {
      action: 'pay',
      email: 'typed@example.test',
      number: '4242 4242 4242 4242',
    });
    expect(res.status).toBe(303);
    const done = await stripe.checkout.sessions.retrieve(cs.id, { expand: ['customer'] });
    expect((done.customer as Stripe.Customer).email).toBe('typed@example.test');
  });

  it.each([
    ['4000000000000002', 'Your card was declined.'],
    ['4000000000009995', 'Your card has insufficient funds.'],
    ['4000000000000069', 'Your card has expired.'],
  ])('shows Stripe’s message for the declining card %s', async (card, message) => {
    const cs = await session();
    const res = await pay(cs.url ?? '', card);
    expect(res.status).toBe(402);
    expect(alertText(res.text)).toBe(message);
    expect((await stripe.checkout.sessions.retrieve(cs.id)).status).toBe('open');
  });

  it('shows a typed card again after its decline with no other card selected', async () => {
    const cs = await session();
    const res = await postForm(cs.url ?? '', {
      action: 'pay',
      card: '4242424242424242',
      number: '4000 0000 0000 9987',
    });
    expect(res.status).toBe(402);
    expect(alertText(res.text)).toBe('Your card was declined.');
    expect(res.text).not.toMatch(/<input type="radio"[^>]* checked/);
    expect(res.text).toMatch(/id="number"[^>]* value="4000 0000 0000 9987"/);
    // A typed number that is one of the listed cards shows as that card, selected.
    const listed = await postForm(cs.url ?? '', { action: 'pay', number: '4000000000000002' });
    expect(listed.text).toMatch(/value="4000000000000002" checked/);
    expect(listed.text).toMatch(/id="number"[^>]* value=""/);
  });

  it('refuses a number that is not a test card', async () => {
    const cs = await session();
    const res = await postForm(cs.url ?? '', { action: 'pay', number: '4111 1111 1111 1112' });
    expect(res.status).toBe(402);
    expect(alertText(res.text)).toMatch(/non test card/);
  });

  it('runs a 3DS challenge that completes', async () => {
    const cs = await session();
    const res = await pay(cs.url ?? '', '4000002760003184');
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/checkout/${cs.id}/authenticate`);
    const challenge = await getPage(`${emulator.url}${res.location}`);
    expect(challenge.text).toContain('Complete authentication');
    expect(challenge.text).toContain('3184');
    const done = await postForm(`${emulator.url}${res.location}`, { action: 'complete' });
    expect(done.status).toBe(303);
    expect(done.location).toBe(`http://app.test/billing/done?session_id=${cs.id}`);
    expect((await stripe.checkout.sessions.retrieve(cs.id)).status).toBe('complete');
  });

  it('runs a 3DS challenge that fails and lets the buyer try again', async () => {
    const cs = await session();
    const res = await pay(cs.url ?? '', '4000002500003155');
    expect(res.location).toBe(`/checkout/${cs.id}/authenticate`);
    const failed = await postForm(`${emulator.url}${res.location}`, { action: 'fail' });
    expect(failed.status).toBe(402);
    expect(alertText(failed.text)).toMatch(/unable to authenticate your payment method/);
    expect((await stripe.checkout.sessions.retrieve(cs.id)).status).toBe('open');
    const retry = await pay(cs.url ?? '', '4242424242424242');
    expect(retry.status).toBe(303);
    expect(retry.location).toContain(cs.id);
  });

  it('starts a trial without charging', async () => {
    const cs = await session({ subscription_data: { trial_period_days: 14 } });
    const page = await getPage(cs.url ?? '');
    // What the trial turns into, not today's $0 (a regression showed "then $0.00 per month").
    expect(page.text).toMatch(/14 days free, then \$\d+\.\d{2} per month\./);
    expect(page.text).not.toContain('$0.00 per month');
    const res = await pay(cs.url ?? '', '4242424242424242');
    expect(res.status).toBe(303);
    const done = await stripe.checkout.sessions.retrieve(cs.id, { expand: ['subscription'] });
    expect(done.payment_status).toBe('no_payment_required');
    expect((done.subscription as Stripe.Subscription).status).toBe('trialing');
  });

  it('says so for an expired session, and 404s an unknown one', async () => {
    const cs = await session();
    await stripe.checkout.sessions.expire(cs.id);
    const page = await getPage(cs.url ?? '');
    expect(page.status).toBe(410);
    expect(page.text).toContain('expired');
    expect((await pay(cs.url ?? '', '4242424242424242')).status).toBe(410);
    expect((await getPage(`${emulator.url}/checkout/cs_test_nope`)).status).toBe(404);
  });
});
