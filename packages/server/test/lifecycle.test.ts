import { authenticateInvoicePayment } from '@tollgate/stripe-emulator/engine/index';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post } from '../../../test/app';
import { pglite, type TestDb } from '../../../test/database';
import type { NotificationPayloads, NotificationType } from '../src/notifier';
import { createStore } from '../src/store/store';
import { DAY, type Stack, startStack } from './helpers/stack';

type Note = { type: NotificationType; payload: NotificationPayloads[NotificationType] };
const notes: Note[] = [];
const record =
  <K extends NotificationType>(type: K) =>
  (payload: NotificationPayloads[K]) => {
    notes.push({ type, payload });
  };
const notesFor = (user: string, type: NotificationType) =>
  notes.filter((n) => n.type === type && n.payload.userId === user);

let t: TestDb;
let s: Stack;
beforeAll(async () => {
  t = await pglite('lifecycle');
  s = await startStack(t, {
    dunning: { retries: [DAY, 3 * DAY], outcome: 'cancel' },
    config: {
      notify: {
        checkout_completed: record('checkout_completed'),
        trial_ending: record('trial_ending'),
        payment_failed: record('payment_failed'),
        payment_succeeded: record('payment_succeeded'),
        action_required: record('action_required'),
        subscription_canceled: record('subscription_canceled'),
        plan_changed: record('plan_changed'),
      },
    },
  });
}, 90_000);
afterAll(async () => {
  await s?.close();
  await t?.close();
});

async function subscriptionOf(user: string): Promise<Stripe.Subscription> {
  const customer = (await createStore(t.db, t.schema).customerForUser(user))!.customerId!;
  const list = await s.stripe.subscriptions.list({ customer, status: 'all' });
  return list.data[0]!;
}

async function useCard(user: string, token: string) {
  const subscription = await subscriptionOf(user);
  const customer = subscription.customer as string;
  const pm = await s.stripe.paymentMethods.attach(token, { customer });
  await s.stripe.customers.update(customer, {
    invoice_settings: { default_payment_method: pm.id },
  });
  await s.stripe.subscriptions.update(subscription.id, { default_payment_method: pm.id });
  await s.settle();
}

async function json<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

describe('lifecycle on the emulator clock', { timeout: 60_000 }, () => {
  it('trial → active → renewal → failed payment → past_due → recovery', async () => {
    await s.subscribe('life', 'pro', 'month');
    expect(await s.status('life')).toMatchObject({
      plan: 'pro',
      status: 'trialing',
      access: 'full',
    });
    expect(notesFor('life', 'checkout_completed')).toHaveLength(1);

    await s.advance(12 * DAY);
    expect(notesFor('life', 'trial_ending')).toHaveLength(1);
    expect((await s.status('life')).alerts).toEqual([
      expect.objectContaining({ type: 'trial_ending' }),
    ]);

    await s.advance(3 * DAY);
    const active = await s.status('life');
    expect(active).toMatchObject({ plan: 'pro', status: 'active', access: 'full', alerts: [] });

    await s.advance(31 * DAY);
    const renewed = await s.status('life');
    expect(renewed.status).toBe('active');
    expect(Date.parse(renewed.currentPeriodEnd as string)).toBeGreaterThan(
      Date.parse(active.currentPeriodEnd as string),
    );

    await useCard('life', 'pm_card_chargeCustomerFail');
    // Just past the renewal (its invoice finalizes about an hour later), before the first retry.
    await s.advanceTo(Date.parse(renewed.currentPeriodEnd as string) / 1000 + 3 * 3600);
    const failed = await s.status('life');
    expect(failed).toMatchObject({ status: 'past_due', access: 'grace' });
    expect((failed.alerts as { type: string; attempt: number }[])[0]).toMatchObject({
      type: 'payment_failed',
      attempt: 1,
    });
    expect(notesFor('life', 'payment_failed')).toHaveLength(1);
    const failure = notesFor('life', 'payment_failed')[0]!.payload;
    expect(failure).toMatchObject({ attempt: 1, amountDue: 2000 });
    // Dated by the signed event itself (on the emulator's clock, far from the wall clock).
    const failedEvent = s.emulator.events
      .ofType('invoice.payment_failed')
      .find((e) => e.id === failure.eventId)!;
    expect(failure.eventCreated).toBe(new Date(failedEvent.created * 1000).toISOString());

    await useCard('life', 'pm_card_visa');
    await s.advance(DAY);
    expect(await s.status('life')).toMatchObject({ status: 'active', access: 'full', alerts: [] });
  });

  it('upgrade now bills exactly the previewed amount', async () => {
    await s.subscribe('up', 'pro', 'month');
    await s.advance(15 * DAY + 5 * DAY);
    const preview = await json<{
      kind: string;
      effective: string;
      amountDue: number;
      prorationDate: number;
      lines: { kind: string; description: string }[];
    }>(await s.billing.handler(post('/preview', { plan: 'business', interval: 'month' }, 'up')));
    expect(preview).toMatchObject({ kind: 'upgrade', effective: 'now' });
    expect(preview.amountDue).toBeGreaterThan(0);
    expect(preview.lines.map((l) => l.kind).sort()).toEqual(['charge', 'credit']);
    // Stripe's words without its fixed-format date ("… after 05 Dec 2026"): the line's period
    // carries the date, which the client prints in its own format.
    expect(preview.lines.map((l) => l.description).sort()).toEqual([
      expect.stringMatching(/^Remaining time on [^\d]+$/),
      expect.stringMatching(/^Unused time on [^\d]+$/),
    ]);
    await s.advance(60);
    const change = await json<{ outcome: string; status: { plan: string } }>(
      await s.billing.handler(
        post(
          '/change',
          { plan: 'business', interval: 'month', prorationDate: preview.prorationDate },
          'up',
        ),
      ),
    );
    expect(change).toMatchObject({ outcome: 'applied', status: { plan: 'business' } });
    const subscription = await s.stripe.subscriptions.retrieve((await subscriptionOf('up')).id, {
      expand: ['latest_invoice'],
    });
    expect((subscription.latest_invoice as Stripe.Invoice).amount_paid).toBe(preview.amountDue);
    await s.settle();
    expect(notesFor('up', 'plan_changed').map((n) => n.payload)).toEqual([
      expect.objectContaining({
        from: { plan: 'pro', interval: 'month' },
        to: { plan: 'business', interval: 'month' },
      }),
    ]);
  });

  it('downgrade is scheduled, shown as pending, and applied at period end', async () => {
    await s.subscribe('down', 'business', 'month');
    const res = await s.billing.handler(
      post('/change', { plan: 'pro', interval: 'month' }, 'down'),
    );
    const change = await json<{ outcome: string; status: Record<string, unknown> }>(res);
    expect(change.outcome).toBe('scheduled');
    expect(change.status).toMatchObject({
      plan: 'business',
      pendingChange: { source: 'schedule', plan: 'pro', interval: 'month' },
    });
    expect(change.status.alerts).toContainEqual(
      expect.objectContaining({ type: 'downgrade_scheduled', toPlan: 'pro' }),
    );
    await s.advance(32 * DAY);
    expect(await s.status('down')).toMatchObject({
      plan: 'pro',
      status: 'active',
      pendingChange: null,
    });
    const items = (await subscriptionOf('down')).items.data;
    expect(items.map((i) => i.price.lookup_key)).toEqual(['tg_pro_month']);
  });

  // regression (issue 14 #9): applyNow released the schedule before the update, so a failed
  // upgrade lost the user's pending downgrade
  it('an upgrade that fails keeps the scheduled downgrade', async () => {
    await s.subscribe('keep', 'business', 'month');
    await s.billing.handler(post('/change', { plan: 'pro', interval: 'month' }, 'keep'));
    await s.settle();
    const subscription = await subscriptionOf('keep');
    s.emulator.faults.api.fail({
      status: 500,
      times: 1,
      method: 'POST',
      path: `/v1/subscriptions/${subscription.id}`,
      shouldRetry: false,
    });
    let res: Response;
    try {
      res = await s.billing.handler(
        post('/change', { plan: 'business', interval: 'year' }, 'keep'),
      );
    } finally {
      s.emulator.faults.reset();
    }
    expect(res.status).toBe(503);
    await s.settle();
    const after = await s.stripe.subscriptions.retrieve(subscription.id, { expand: ['schedule'] });
    const schedule = after.schedule as Stripe.SubscriptionSchedule;
    expect(schedule?.status).toBe('active');
    const next = schedule.phases.at(-1)!.items[0]!.price;
    expect(typeof next === 'string' ? next : next.id).toBe(
      (await s.stripe.prices.list({ lookup_keys: ['tg_pro_month'] })).data[0]!.id,
    );
    expect(after.items.data[0]!.price.lookup_key).toBe('tg_business_month');
    expect(await s.status('keep')).toMatchObject({
      plan: 'business',
      pendingChange: { source: 'schedule', plan: 'pro', interval: 'month' },
    });
  });

  it('cancel at period end, resume, then cancel and end', async () => {
    await s.subscribe('cr', 'business', 'month');
    const canceled = await json<Record<string, unknown>>(
      await s.billing.handler(post('/cancel', {}, 'cr')),
    );
    expect(canceled.cancelAt).not.toBeNull();
    expect(canceled.alerts).toContainEqual(expect.objectContaining({ type: 'cancel_pending' }));
    const resumed = await json<Record<string, unknown>>(
      await s.billing.handler(post('/resume', {}, 'cr')),
    );
    expect(resumed).toMatchObject({ cancelAt: null, status: 'active', alerts: [] });
    await s.billing.handler(post('/cancel', {}, 'cr'));
    await s.advance(32 * DAY);
    expect(await s.status('cr')).toMatchObject({
      status: 'canceled',
      access: 'none',
      plan: 'free',
    });
    expect(notesFor('cr', 'subscription_canceled')).toHaveLength(1);
  });

  it('a cancellation dated in the Dashboard (cancel_at, not at period end) refuses a downgrade, is previewed, resumed and renews', async () => {
    await s.subscribe('dated', 'business', 'month');
    const subscription = await subscriptionOf('dated');
    const endsAt = subscription.items.data[0]!.current_period_end - 10 * 86_400;
    await s.stripe.subscriptions.update(subscription.id, { cancel_at: endsAt });
    await s.settle();
    const ending = await s.status('dated');
    expect(ending.cancelAt).toBe(new Date(endsAt * 1000).toISOString());
    expect(ending.alerts).toContainEqual(expect.objectContaining({ type: 'cancel_pending' }));
    // A downgrade waits for the period end, which this subscription does not reach.
    const refused = await s.billing.handler(
      post('/change', { plan: 'pro', interval: 'month' }, 'dated'),
    );
    expect(refused.status).toBe(409);
    expect(await json(refused)).toEqual({
      error: {
        code: 'PLAN_UNCHANGED',
        message: `Your subscription ends on ${new Date(endsAt * 1000).toISOString().slice(0, 10)} — resume it first, then schedule this change for the end of the period.`,
      },
    });
    expect((await subscriptionOf('dated')).schedule).toBeNull();

    const preview = await json<Record<string, unknown>>(
      await s.billing.handler(post('/preview', { kind: 'resume' }, 'dated')),
    );
    expect(preview).toMatchObject({ kind: 'resume', plan: 'business', interval: 'month' });
    expect(preview.nextBillAmount).toBeGreaterThan(0);

    const resumed = await json<Record<string, unknown>>(
      await s.billing.handler(post('/resume', {}, 'dated')),
    );
    expect(resumed).toMatchObject({ cancelAt: null, status: 'active', alerts: [] });
    const after = await subscriptionOf('dated');
    expect(after).toMatchObject({ cancel_at: null, cancel_at_period_end: false });
    const downgrade = await json<Record<string, unknown>>(
      await s.billing.handler(post('/change', { plan: 'pro', interval: 'month' }, 'dated')),
    );
    expect(downgrade).toMatchObject({ outcome: 'scheduled' });
    await s.advance(32 * DAY);
    expect(await s.status('dated')).toMatchObject({ status: 'active', plan: 'pro' });
  });

  it('an upgrade that needs 3-D Secure answers requires_action, then applies once authenticated', async () => {
    await s.subscribe('sca', 'business', 'month');
    await useCard('sca', 'pm_card_authenticationRequired');
    const res = await s.billing.handler(
      post('/change', { plan: 'business', interval: 'year' }, 'sca'),
    );
    const body = await json<{ outcome: string; requiresAction: boolean; clientSecret: string }>(
      res,
    );
    expect(body).toMatchObject({ outcome: 'requires_action', requiresAction: true });
    expect(body.clientSecret).toMatch(/^pi_.+_secret_/);
    await s.settle();
    const pending = await s.status('sca');
    expect(pending).toMatchObject({
      interval: 'month',
      pendingChange: { source: 'update', interval: 'year' },
    });
    const invoice = (await subscriptionOf('sca')).latest_invoice as string;
    authenticateInvoicePayment(s.emulator.engine, invoice, 'complete');
    await s.settle();
    expect(await s.status('sca')).toMatchObject({
      plan: 'business',
      interval: 'year',
      pendingChange: null,
    });
  });

  it('usage recorded through the outbox is delivered to Billing Meters and billed at renewal; a repeated key records once', async () => {
    // The catalog's api_calls meter, made by catalog push.
    const meter = (await s.stripe.billing.meters.list({ status: 'active' })).data.find(
      (m) => m.event_name === 'api_calls',
    )!;
    const metered = await s.stripe.prices.create({
      product: 'tollgate_business',
      currency: 'usd',
      unit_amount: 5,
      recurring: { interval: 'month', usage_type: 'metered', meter: meter.id },
    });
    await s.subscribe('usage', 'business', 'month');
    const subscription = await subscriptionOf('usage');
    await s.stripe.subscriptions.update(subscription.id, {
      items: [{ id: subscription.items.data[0]!.id }, { price: metered.id }],
      proration_behavior: 'none',
    });
    const record = (value: number, key: string) =>
      s.billing.recordUsage('usage', 'api_calls', value, { idempotencyKey: key });
    expect(await record(10, 'req-1')).toEqual({ outcome: 'recorded', identifier: 'req-1' });
    expect((await record(10, 'req-1')).outcome).toBe('duplicate');
    await record(5, 'req-2');
    await s.billing.usage.stop();
    expect(await s.billing.usage.flush()).toMatchObject({ sealed: 2, delivered: 1, refused: 0 });
    await s.advance(32 * DAY);
    const invoices = await s.stripe.invoices.list({ customer: subscription.customer as string });
    const renewal = invoices.data.find((i) => i.billing_reason === 'subscription_cycle')!;
    expect(renewal.lines.data.map((l) => l.amount).sort((a, b) => a - b)).toEqual([75, 5000]);
    expect(await s.status('usage')).toMatchObject({ plan: 'business', status: 'active' });
  });
});
