import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeCheckout, settleCheckoutAction } from '../src/engine/index.js';
import { DAY, eventTypesSince, type Harness, harness } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h.close());

const session = (extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) =>
  h.stripe.checkout.sessions.create({
    mode: 'subscription',
    line_items: [{ price: h.monthly.id, quantity: 1 }],
    success_url: 'https://app.example/success?session={CHECKOUT_SESSION_ID}',
    cancel_url: 'https://app.example/cancel',
    ...extra,
  });

/**
 * A trial session with `subscription_data`, completed with `paymentMethod` (as the hosted page
 * does), read back with its subscription, first invoice and SetupIntent.
 */
async function completeTrial(
  data: Stripe.Checkout.SessionCreateParams.SubscriptionData,
  paymentMethod: string,
  email: string,
): Promise<Stripe.Checkout.Session> {
  const s = await session({ subscription_data: data });
  const result = completeCheckout(h.emulator.engine, s.id, { paymentMethod }, { email });
  expect(result.status).toBe('complete');
  return h.stripe.checkout.sessions.retrieve(s.id, {
    expand: ['subscription.latest_invoice', 'setup_intent'],
  });
}

describe('checkout sessions', () => {
  it('creates an open hosted session with a url, expiry and line items', async () => {
    const s = await session({ metadata: { user: 'u1' } });
    expect(s.status).toBe('open');
    expect(s.payment_status).toBe('unpaid');
    expect(s.url).toBe(`${h.emulator.url}/checkout/${s.id}`);
    expect(s.expires_at).toBe(s.created + DAY);
    expect(s.success_url).toContain('{CHECKOUT_SESSION_ID}');
    expect(s.metadata).toEqual({ user: 'u1' });
    const items = await h.stripe.checkout.sessions.listLineItems(s.id);
    expect(items.data[0]!.price!.id).toBe(h.monthly.id);
    expect(items.data[0]!.amount_total).toBe(1000);
    const expanded = await h.stripe.checkout.sessions.retrieve(s.id, { expand: ['line_items'] });
    expect(expanded.line_items?.data).toHaveLength(1);
  });

  it('creates embedded sessions with a client_secret and no url; refuses success_url there', async () => {
    const s = await h.stripe.checkout.sessions.create({
      mode: 'subscription',
      ui_mode: 'embedded_page',
      line_items: [{ price: h.monthly.id, quantity: 1 }],
      return_url: 'https://app.example/return?session={CHECKOUT_SESSION_ID}',
    });
    expect(s.url).toBeNull();
    expect(s.client_secret).toMatch(new RegExp(`^${s.id}_secret_`));
    await expect(
      h.stripe.checkout.sessions.create({
        mode: 'subscription',
        ui_mode: 'embedded_page',
        line_items: [{ price: h.monthly.id, quantity: 1 }],
        success_url: 'https://app.example/x',
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'success_url' });
  });

  it('expires a session and emits checkout.session.expired', async () => {
    const s = await session();
    const expired = await h.stripe.checkout.sessions.expire(s.id);
    expect(expired.status).toBe('expired');
    const events = await h.stripe.events.list({ type: 'checkout.session.expired' });
    expect(events.data[0]!.data.object).toMatchObject({ id: s.id, status: 'expired' });
    await expect(h.stripe.checkout.sessions.expire(s.id)).rejects.toMatchObject({
      statusCode: 400,
    });
  });

  it('completes without a trial: customer, card, subscription, paid invoice, events in Stripe order', async () => {
    const s = await session({ customer_email: 'buyer@example.com' });
    const before = h.emulator.events.all().length;
    const result = completeCheckout(h.emulator.engine, s.id, {
      card: { number: '4242 4242 4242 4242' },
    });
    expect(result.status).toBe('complete');
    const types = eventTypesSince(h.emulator, before).filter(
      (t) => !t.startsWith('payment_intent.created'),
    );
    for (const t of [
      'customer.created',
      'payment_method.attached',
      'customer.subscription.created',
      'invoice.created',
      'invoice.finalized',
      'payment_intent.succeeded',
      'invoice.paid',
      'invoice.payment_succeeded',
      'customer.subscription.updated',
      'checkout.session.completed',
    ]) {
      expect(types).toContain(t);
    }
    expect(types.at(-1)).toBe('checkout.session.completed');
    const done = await h.stripe.checkout.sessions.retrieve(s.id, {
      expand: ['subscription', 'invoice'],
    });
    expect(done).toMatchObject({ status: 'complete', payment_status: 'paid' });
    expect((done.subscription as Stripe.Subscription).status).toBe('active');
    expect((done.invoice as Stripe.Invoice).status).toBe('paid');
    const customer = (await h.stripe.customers.retrieve(
      done.customer as string,
    )) as Stripe.Customer;
    expect(customer.email).toBe('buyer@example.com');
  });

  it('completes with a trial: trialing, $0 invoice paid, card saved via SetupIntent, trial_will_end 3 days before', async () => {
    const done = await completeTrial(
      { trial_period_days: 14, metadata: { plan: 'basic' } },
      'pm_card_visa',
      't@example.com',
    );
    expect(done.payment_status).toBe('no_payment_required');
    const sub = done.subscription as Stripe.Subscription;
    expect(sub.status).toBe('trialing');
    expect(sub.metadata).toEqual({ plan: 'basic' });
    expect(sub.trial_end).toBe(sub.trial_start! + 14 * DAY);
    expect((sub.latest_invoice as Stripe.Invoice).amount_paid).toBe(0);
    expect((sub.latest_invoice as Stripe.Invoice).status).toBe('paid');
    expect((done.setup_intent as Stripe.SetupIntent).status).toBe('succeeded');
    const willEnd = () =>
      h.emulator.events
        .ofType('customer.subscription.trial_will_end')
        .filter((e) => (e.data.object as Stripe.Subscription).id === sub.id);
    h.emulator.clock.advance({ until: sub.trial_end! - 3 * DAY - 1 });
    expect(willEnd()).toHaveLength(0);
    h.emulator.clock.advance(1);
    expect(willEnd()).toHaveLength(1);
    expect(willEnd()[0]!.created).toBe(sub.trial_end! - 3 * DAY);
  });

  it('regression: 0341 under a trial attaches through the SetupIntent; the first real charge then fails', async () => {
    const paid = await session();
    const declined = completeCheckout(h.emulator.engine, paid.id, {
      paymentMethod: 'pm_card_chargeCustomerFail',
    });
    expect(declined.status).toBe('failed');

    const done = await completeTrial(
      { trial_period_days: 7 },
      'pm_card_chargeCustomerFail',
      'late-fail@example.com',
    );
    expect((done.setup_intent as Stripe.SetupIntent).status).toBe('succeeded');
    const sub = done.subscription as Stripe.Subscription;
    expect(sub.status).toBe('trialing');
    h.emulator.clock.advance({ until: sub.trial_end! + 2 * 3600 });
    const after = await h.stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    expect(after.status).toBe('past_due');
    expect((after.latest_invoice as Stripe.Invoice).attempt_count).toBe(1);
  });

  it('stops at requires_action for 3DS cards; complete finishes it, fail leaves the session open', async () => {
    const s = await session();
    const first = completeCheckout(h.emulator.engine, s.id, {
      paymentMethod: 'pm_card_authenticationRequired',
    });
    expect(first.status).toBe('requires_action');
    const failed = settleCheckoutAction(h.emulator.engine, s.id, 'fail');
    expect(failed.status).toBe('failed');
    expect(failed.status === 'failed' && failed.error.code).toBe(
      'payment_intent_authentication_failure',
    );
    expect((await h.stripe.checkout.sessions.retrieve(s.id)).status).toBe('open');
    expect(
      completeCheckout(h.emulator.engine, s.id, { card: { number: '4000002500003155' } }).status,
    ).toBe('requires_action');
    const done = settleCheckoutAction(h.emulator.engine, s.id, 'complete');
    expect(done.status).toBe('complete');
    const sub = await h.stripe.subscriptions.retrieve(
      (await h.stripe.checkout.sessions.retrieve(s.id)).subscription as string,
    );
    expect(sub.status).toBe('active');
  });

  it('returns Stripe decline messages and keeps the session open', async () => {
    const s = await session();
    const result = completeCheckout(h.emulator.engine, s.id, {
      card: { number: '4000000000009995' },
    });
    expect(result.status).toBe('failed');
    expect(result.status === 'failed' && result.error).toMatchObject({
      code: 'card_declined',
      decline_code: 'insufficient_funds',
      message: 'Your card has insufficient funds.',
    });
    expect((await h.stripe.checkout.sessions.retrieve(s.id)).status).toBe('open');
  });
});
