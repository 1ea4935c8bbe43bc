import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pglite, type TestDb } from '../../../test/database';
import { createStore } from '../src/store/store';
import { DAY, type Stack, startStack } from './helpers/stack';

let t: TestDb;
let s: Stack;
beforeAll(async () => {
  t = await pglite('trial_upgrade');
  s = await startStack(t);
}, 90_000);
afterAll(async () => {
  await s?.close();
  await t?.close();
});

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

describe('an upgrade during a trial: the preview is what Stripe bills', { timeout: 60_000 }, () => {
  it('nothing is due today (the trial goes on); the trial-end invoice bills the new plan on the previewed date', async () => {
    await s.subscribe('trial-up', 'pro', 'month');
    await s.advance(5 * DAY);
    const customer = (await createStore(t.db, t.schema).customerForUser('trial-up'))!.customerId!;
    const trialing = (await s.stripe.subscriptions.list({ customer })).data[0]!;
    expect(trialing.status).toBe('trialing');
    const trialEnd = trialing.trial_end!;

    const invoicesBefore = (await s.stripe.invoices.list({ customer })).data.length;
    const { preview } = await s.previewThenChange('trial-up', {
      plan: 'business',
      interval: 'month',
    });
    expect(preview).toMatchObject({
      kind: 'upgrade',
      effective: 'now',
      amountDue: 0,
      nextBillDate: iso(trialEnd),
      nextBillAmount: 5000,
    });
    await s.settle();
    const changed = (await s.stripe.subscriptions.list({ customer })).data[0]!;
    expect(changed).toMatchObject({ status: 'trialing', trial_end: trialEnd });
    expect(changed.items.data[0]!.price.lookup_key).toBe('tg_business_month');
    // What the change billed today: nothing, as previewed (at most a $0 invoice).
    const listed = (await s.stripe.invoices.list({ customer })).data;
    const today = listed.slice(0, listed.length - invoicesBefore);
    expect(today.reduce((sum, invoice) => sum + invoice.amount_due, 0)).toBe(preview.amountDue);

    await s.advanceTo(Date.parse(preview.nextBillDate) / 1000 + 2 * 3600);
    const renewal = (await s.stripe.invoices.list({ customer, limit: 1 })).data[0]!;
    expect(renewal).toMatchObject({
      billing_reason: 'subscription_cycle',
      amount_due: preview.nextBillAmount,
      amount_paid: preview.nextBillAmount,
      status: 'paid',
    });
    expect(renewal.lines.data.map((line) => line.period.start)).toContain(trialEnd);
    expect((await s.stripe.subscriptions.retrieve(changed.id)).status).toBe('active');
  });
});
