import type Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { authenticateInvoicePayment } from '../src/engine/index.js';
import {
  customerWithCard,
  DAY,
  eventTypesSince,
  type Harness,
  harness,
  periodEnd,
} from './helpers.js';

let h: Harness;
afterEach(() => h.close());

const ofSub = (h: Harness, sub: string, type: string) =>
  h.emulator.events.ofType(type).filter((e) => {
    const o = e.data.object as { id: string; parent?: Stripe.Invoice['parent'] };
    return o.id === sub || o.parent?.subscription_details?.subscription === sub;
  });

describe('renewals and dunning', () => {
  it('renews at period end: items advance, cycle invoice drafted, finalized an hour later and paid', async () => {
    h = await harness();
    const customer = await customerWithCard(h.stripe);
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
    });
    const before = h.emulator.events.all().length;
    h.emulator.clock.advance({ until: periodEnd(sub) });
    const drafted = await h.stripe.invoices.list({ subscription: sub.id, limit: 1 });
    expect(drafted.data[0]).toMatchObject({
      status: 'draft',
      billing_reason: 'subscription_cycle',
    });
    h.emulator.clock.advance(3600);
    const types = eventTypesSince(h.emulator, before);
    expect(types).toEqual([
      'customer.subscription.updated',
      'invoice.created',
      'payment_intent.created',
      'invoice.finalized',
      'payment_intent.succeeded',
      'invoice.paid',
      'invoice.payment_succeeded',
    ]);
    const renewed = await h.stripe.subscriptions.retrieve(sub.id);
    expect(renewed.items.data[0]!.current_period_start).toBe(periodEnd(sub));
    const updated = ofSub(h, sub.id, 'customer.subscription.updated').at(-1)!;
    expect(updated.data.previous_attributes).toHaveProperty('items');
    const invoice = await h.stripe.invoices.retrieve(renewed.latest_invoice as string);
    expect(invoice).toMatchObject({
      status: 'paid',
      amount_paid: 1000,
      billing_reason: 'subscription_cycle',
    });
    expect(invoice.hosted_invoice_url).toBe(`${h.emulator.url}/invoice/${invoice.id}`);
  });

  it('failed renewal → past_due, retries on the schedule, then cancels', async () => {
    h = await harness({ dunning: { retries: [DAY, 3 * DAY], outcome: 'cancel' } });
    const customer = await customerWithCard(h.stripe, 'pm_card_chargeCustomerFail');
    const sub = await h.stripe.subscriptions
      .create({ customer: customer.id, items: [{ price: h.monthly.id }], trial_period_days: 7 })
      .then((s) => s);
    expect(sub.status).toBe('trialing');
    h.emulator.clock.advance({ until: sub.trial_end! + 3600 });
    const failed = ofSub(h, sub.id, 'invoice.payment_failed');
    expect(failed).toHaveLength(1);
    const invoice = failed[0]!.data.object as Stripe.Invoice;
    expect(invoice.attempt_count).toBe(1);
    expect(invoice.next_payment_attempt).toBe(sub.trial_end! + 3600 + DAY);
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe('past_due');
    h.emulator.clock.advance({ until: sub.trial_end! + 3600 + DAY });
    expect(ofSub(h, sub.id, 'invoice.payment_failed')).toHaveLength(2);
    expect((await h.stripe.invoices.retrieve(invoice.id)).next_payment_attempt).toBe(
      sub.trial_end! + 3600 + 3 * DAY,
    );
    h.emulator.clock.advance(2 * DAY);
    const last = ofSub(h, sub.id, 'invoice.payment_failed').at(-1)!.data.object as Stripe.Invoice;
    expect(last.attempt_count).toBe(3);
    expect(last.next_payment_attempt).toBeNull();
    const ended = await h.stripe.subscriptions.retrieve(sub.id);
    expect(ended.status).toBe('canceled');
    expect(ended.cancellation_details?.reason).toBe('payment_failed');
    expect(ofSub(h, sub.id, 'customer.subscription.deleted')).toHaveLength(1);
  });

  it('with outcome unpaid, the subscription ends unpaid; paying the invoice makes it active again', async () => {
    h = await harness({ dunning: { retries: [DAY], outcome: 'unpaid' } });
    const customer = await customerWithCard(h.stripe, 'pm_card_chargeCustomerFail');
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
      trial_period_days: 3,
    });
    h.emulator.clock.advance({ until: sub.trial_end! + 3600 + DAY });
    const unpaid = await h.stripe.subscriptions.retrieve(sub.id);
    expect(unpaid.status).toBe('unpaid');
    const visa = await h.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const paid = await h.stripe.invoices.pay(unpaid.latest_invoice as string, {
      payment_method: visa.id,
    });
    expect(paid.status).toBe('paid');
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
  });

  it('with outcome past_due, it stays past_due after the last retry', async () => {
    h = await harness({ dunning: { retries: [DAY], outcome: 'past_due' } });
    const customer = await customerWithCard(h.stripe, 'pm_card_chargeCustomerFail');
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
      trial_period_days: 3,
    });
    h.emulator.clock.advance({ until: sub.trial_end! + 3600 + 2 * DAY });
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe('past_due');
  });

  it('a renewal on a 3DS-every-time card asks for action; authenticating pays it', async () => {
    h = await harness();
    const customer = await customerWithCard(h.stripe, 'pm_card_authenticationRequired');
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
      trial_period_days: 5,
    });
    h.emulator.clock.advance({ until: sub.trial_end! + 3600 });
    const action = ofSub(h, sub.id, 'invoice.payment_action_required');
    expect(action).toHaveLength(1);
    const invoice = action[0]!.data.object as Stripe.Invoice;
    expect(invoice.confirmation_secret?.client_secret).toMatch(/^pi_.+_secret_/);
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe('past_due');
    expect(authenticateInvoicePayment(h.emulator.engine, invoice.id, 'complete')).toBe('succeeded');
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
  });

  it('cancel at period end: updated with cancel_at_period_end, then deleted at the end and no renewal invoice', async () => {
    h = await harness();
    const customer = await customerWithCard(h.stripe);
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
    });
    const updated = await h.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    expect(updated).toMatchObject({
      cancel_at_period_end: true,
      cancel_at: periodEnd(sub),
      canceled_at: sub.created,
    });
    expect(
      ofSub(h, sub.id, 'customer.subscription.updated').at(-1)!.data.previous_attributes,
    ).toMatchObject({ cancel_at_period_end: false });
    h.emulator.clock.advance({ until: periodEnd(sub) + 7200 });
    const ended = await h.stripe.subscriptions.retrieve(sub.id);
    expect(ended.status).toBe('canceled');
    expect(ended.ended_at).toBe(periodEnd(sub));
    expect((await h.stripe.invoices.list({ subscription: sub.id })).data).toHaveLength(1);
    const resumed = await h.stripe.subscriptions.update(sub.id, { metadata: { note: 'x' } });
    expect(resumed.metadata).toEqual({ note: 'x' });
  });

  it('cancels now and resumes a period-end cancellation', async () => {
    h = await harness();
    const customer = await customerWithCard(h.stripe);
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
    });
    await h.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    const resumed = await h.stripe.subscriptions.update(sub.id, { cancel_at_period_end: false });
    expect(resumed).toMatchObject({
      cancel_at_period_end: false,
      cancel_at: null,
      canceled_at: null,
    });
    const canceled = await h.stripe.subscriptions.cancel(sub.id);
    expect(canceled.status).toBe('canceled');
    await expect(h.stripe.subscriptions.cancel(sub.id)).rejects.toMatchObject({ statusCode: 400 });
    expect((await h.stripe.subscriptions.list({ customer: customer.id })).data).toHaveLength(0);
    expect(
      (await h.stripe.subscriptions.list({ customer: customer.id, status: 'all' })).data,
    ).toHaveLength(1);
  });

  it("trial_end: 'now' ends the trial and bills the first period at once", async () => {
    h = await harness();
    const customer = await customerWithCard(h.stripe);
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
      trial_period_days: 14,
    });
    const ended = await h.stripe.subscriptions.update(sub.id, {
      trial_end: 'now',
      expand: ['latest_invoice'],
    });
    expect(ended.status).toBe('active');
    expect(ended.trial_end).toBe(h.emulator.clock.now());
    expect(ended.items.data[0]!.current_period_start).toBe(h.emulator.clock.now());
    expect(ended.latest_invoice).toMatchObject({ status: 'paid', amount_paid: 1000 });
  });

  it('a trial without a payment method pauses (trial_settings) and resumes with a new paid period', async () => {
    h = await harness();
    const customer = await h.stripe.customers.create({ email: 'nocard@example.com' });
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
      trial_period_days: 7,
      trial_settings: { end_behavior: { missing_payment_method: 'pause' } },
    });
    h.emulator.clock.advance({ until: sub.trial_end! });
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe('paused');
    expect(ofSub(h, sub.id, 'customer.subscription.paused')).toHaveLength(1);
    const pm = await h.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await h.stripe.customers.update(customer.id, {
      invoice_settings: { default_payment_method: pm.id },
    });
    const resumed = await h.stripe.subscriptions.resume(sub.id, { expand: ['latest_invoice'] });
    expect(resumed.status).toBe('active');
    expect(resumed.latest_invoice).toMatchObject({ status: 'paid', amount_paid: 1000 });
    expect(ofSub(h, sub.id, 'customer.subscription.resumed')).toHaveLength(1);
  });

  it('a trial without a payment method is canceled when trial_settings say cancel', async () => {
    h = await harness();
    const customer = await h.stripe.customers.create();
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
      trial_period_days: 2,
      trial_settings: { end_behavior: { missing_payment_method: 'cancel' } },
    });
    expect(ofSub(h, sub.id, 'customer.subscription.trial_will_end')).toHaveLength(1);
    h.emulator.clock.advance(2 * DAY);
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe('canceled');
  });
});
