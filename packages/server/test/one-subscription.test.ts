/**
 * Regressions for issue 14 #2: a user without a subscription opened checkout in two tabs,
 * completed both, and paid for two live subscriptions. Stripe is the emulator, driven through
 * the official SDK; checkouts complete through the emulator's engine as the hosted page does.
 */
import { completeCheckout } from '@tollgate/stripe-emulator/engine/index';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post } from '../../../test/app';
import { pglite, type TestDb } from '../../../test/database';
import type { NotificationPayloads } from '../src/notifier';
import { createStore } from '../src/store/store';
import { type Stack, startStack } from './helpers/stack';

const duplicates: NotificationPayloads['duplicate_canceled'][] = [];
let t: TestDb;
let s: Stack;
beforeAll(async () => {
  t = await pglite('one_subscription');
  s = await startStack(t, {
    config: { notify: { duplicate_canceled: (payload) => void duplicates.push(payload) } },
  });
}, 90_000);
afterAll(async () => {
  await s?.close();
  await t?.close();
});

/** Opens a checkout of Business (no trial, so every completion pays) through the handler. */
async function checkout(user: string): Promise<string> {
  const res = await s.billing.handler(
    post('/checkout', { plan: 'business', interval: 'month' }, user),
  );
  const body = (await res.json()) as { url: string };
  return body.url.split('/').pop()!;
}

/**
 * A second open session for the same customer, as a concurrent `/checkout` that listed the
 * open sessions before the first one existed would leave it: same parameters, nothing expired.
 */
async function raceSession(first: string): Promise<string> {
  const session = await s.stripe.checkout.sessions.retrieve(first);
  const items = await s.stripe.checkout.sessions.listLineItems(first);
  const second = await s.stripe.checkout.sessions.create({
    mode: 'subscription',
    customer: session.customer as string,
    line_items: [{ price: items.data[0]!.price!.id, quantity: 1 }],
    metadata: session.metadata ?? {},
    subscription_data: { metadata: session.metadata ?? {} },
    success_url: session.success_url!,
    cancel_url: session.cancel_url!,
  });
  return second.id;
}

const pay = (sessionId: string) => {
  const result = completeCheckout(s.emulator.engine, sessionId, { paymentMethod: 'pm_card_visa' });
  expect(result.status).toBe('complete');
  return s.emulator.state.checkoutSessions[sessionId]!.subscription as string;
};

async function subscriptionsOf(user: string): Promise<Stripe.Subscription[]> {
  const customer = (await createStore(t.db, t.schema).customerForUser(user))!.customerId!;
  return (await s.stripe.subscriptions.list({ customer, status: 'all' })).data;
}

/** Exactly one live subscription (`kept`); `canceled` was ended as its duplicate and refunded. */
async function expectOneLive(user: string, kept: string, canceled: string) {
  const subscriptions = await subscriptionsOf(user);
  const live = subscriptions.filter((sub) => sub.status !== 'canceled');
  expect(live.map((sub) => sub.id)).toEqual([kept]);
  const ended = subscriptions.find((sub) => sub.id === canceled)!;
  expect(ended.status).toBe('canceled');
  expect(ended.cancellation_details?.comment).toContain(kept);
  const invoice = ended.latest_invoice as string;
  const [payment] = (await s.stripe.invoicePayments.list({ invoice, status: 'paid' })).data;
  const refunds = await s.stripe.refunds.list({
    payment_intent: payment!.payment.payment_intent as string,
  });
  expect(refunds.data.map((r) => [r.amount, r.reason])).toEqual([
    [payment!.amount_paid, 'duplicate'],
  ]);
  expect(duplicates.filter((d) => d.subscriptionId === canceled)).toEqual([
    expect.objectContaining({ userId: user, keptSubscriptionId: kept, plan: 'business' }),
  ]);
  expect(await s.status(user)).toMatchObject({ plan: 'business', status: 'active' });
}

describe('one live subscription per customer', { timeout: 60_000 }, () => {
  it('a second checkout expires the first tab’s open session', async () => {
    const first = await checkout('tabs');
    const second = await checkout('tabs');
    expect((await s.stripe.checkout.sessions.retrieve(first)).status).toBe('expired');
    expect((await s.stripe.checkout.sessions.retrieve(second)).status).toBe('open');
    expect(() =>
      completeCheckout(s.emulator.engine, first, { paymentMethod: 'pm_card_visa' }),
    ).toThrow(/expired/);
    pay(second);
    await s.settle();
    expect((await subscriptionsOf('tabs')).filter((sub) => sub.status === 'active')).toHaveLength(
      1,
    );
  });

  it.each([
    ['first tab paid first', 'race_ab', 'first'],
    ['second tab paid first', 'race_ba', 'second'],
  ] as const)(
    'race, %s: the subscription paid later is canceled and refunded',
    async (_, user, order) => {
      const a = await checkout(user);
      const b = await raceSession(a);
      const [early, late] = order === 'first' ? [a, b] : [b, a];
      const older = pay(early);
      await s.advance(60);
      const newer = pay(late);
      await s.settle();
      await expectOneLive(user, older, newer);
    },
  );

  it('race, both paid at once: one survives, the other is canceled and refunded once', async () => {
    const a = await checkout('race_both');
    const b = await raceSession(a);
    const first = pay(a);
    const second = pay(b);
    await s.settle();
    const [kept, canceled] = [first, second].sort();
    const subscriptions = await subscriptionsOf('race_both');
    const live = subscriptions.filter((sub) => sub.status !== 'canceled').map((sub) => sub.id);
    expect(live).toHaveLength(1);
    await expectOneLive('race_both', live[0]!, live[0] === kept ? canceled! : kept!);
  });
});
