import type { Preview } from '@tollgate/core';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pglite, type TestDb } from '../../../test/database';
import { createStore } from '../src/store/store';
import { DAY, type Stack, startStack } from './helpers/stack';

let t: TestDb;
let s: Stack;
beforeAll(async () => {
  t = await pglite('credit_balance');
  s = await startStack(t);
}, 90_000);
afterAll(async () => {
  await s?.close();
  await t?.close();
});

async function customerOf(user: string): Promise<string> {
  return (await createStore(t.db, t.schema).customerForUser(user))!.customerId!;
}

/**
 * Pro monthly bought and its 14-day trial over (the first invoice paid), then `credit` granted
 * the way support does it (a balance transaction), 9 days into the paid period.
 */
async function proWithCredit(user: string, credit: number): Promise<string> {
  await s.subscribe(user, 'pro', 'month');
  await s.advance(14 * DAY + 2 * 3600);
  const customer = await customerOf(user);
  expect((await s.stripe.subscriptions.list({ customer })).data[0]!.status).toBe('active');
  await s.stripe.customers.createBalanceTransaction(customer, {
    amount: -credit,
    currency: 'usd',
  });
  await s.advance(9 * DAY);
  return customer;
}

/** Previews Pro → Business now, applies it with the preview's `prorationDate`; the invoice billed. */
async function upgrade(user: string, customer: string) {
  const { preview } = await s.previewThenChange(user, { plan: 'business', interval: 'month' });
  await s.settle();
  const sub = (await s.stripe.subscriptions.list({ customer, expand: ['data.latest_invoice'] }))
    .data[0]!;
  return { preview, billed: sub.latest_invoice as Stripe.Invoice };
}

/** The renewal after the change: what it charges must be the preview's `nextBillAmount`. */
async function renewal(customer: string, preview: Preview): Promise<Stripe.Invoice> {
  await s.advanceTo(Date.parse(preview.nextBillDate) / 1000 + 2 * 3600);
  const invoice = (await s.stripe.invoices.list({ customer, limit: 1 })).data[0]!;
  expect(invoice.billing_reason).toBe('subscription_cycle');
  return invoice;
}

describe('a customer with credit: the upgrade preview is what Stripe bills', {
  timeout: 60_000,
}, () => {
  it('credit lowers what the upgrade charges today, exactly as previewed; the renewal bills in full', async () => {
    const customer = await proWithCredit('credit-part', 1000);
    const { preview, billed } = await upgrade('credit-part', customer);
    expect(preview).toMatchObject({ kind: 'upgrade', effective: 'now', appliedBalance: -1000 });
    expect(preview.amountDue).toBe(preview.total - 1000);
    expect(preview.amountDue).toBeGreaterThan(0);
    expect(billed).toMatchObject({
      total: preview.total,
      starting_balance: -1000,
      ending_balance: 0,
      amount_due: preview.amountDue,
      amount_paid: preview.amountDue,
      status: 'paid',
    });
    // Today's invoice used the whole credit: the next bill is Business in full.
    expect(preview.nextBillAmount).toBe(5000);
    expect((await renewal(customer, preview)).amount_due).toBe(preview.nextBillAmount);
  });

  it('credit larger than the upgrade: nothing charged today, the rest lowers the renewal as previewed', async () => {
    const customer = await proWithCredit('credit-more', 4000);
    const { preview, billed } = await upgrade('credit-more', customer);
    expect(preview.amountDue).toBe(0);
    expect(preview.appliedBalance).toBe(-preview.total);
    expect(billed).toMatchObject({ amount_due: 0, starting_balance: -4000, status: 'paid' });
    expect(billed.ending_balance).toBe(preview.total - 4000);
    expect(preview.nextBillAmount).toBe(5000 + preview.total - 4000);
    const next = await renewal(customer, preview);
    expect(next).toMatchObject({
      amount_due: preview.nextBillAmount,
      starting_balance: billed.ending_balance,
      ending_balance: 0,
    });
  });
});
