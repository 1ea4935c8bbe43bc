/**
 * Regression for issue 14 #10: a customer with two unpaid renewal invoices paid the newest one
 * and stayed `past_due` with no alert and no way to pay the other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pglite, type TestDb } from '../../../test/database';
import { createStore } from '../src/store/store';
import { DAY, type Stack, startStack } from './helpers/stack';

let t: TestDb;
let s: Stack;
beforeAll(async () => {
  t = await pglite('open_invoices');
  s = await startStack(t, { dunning: { retries: [DAY], outcome: 'past_due' } });
}, 90_000);
afterAll(async () => {
  await s?.close();
  await t?.close();
});

describe('past due with more than one open invoice', { timeout: 90_000 }, () => {
  it('alerts for the older open invoice after the newest is paid, with its pay link', async () => {
    await s.subscribe('twice', 'business', 'month');
    const customer = (await createStore(t.db, t.schema).customerForUser('twice'))!.customerId!;
    const [subscription] = (await s.stripe.subscriptions.list({ customer })).data;
    const failing = await s.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', {
      customer,
    });
    await s.stripe.customers.update(customer, {
      invoice_settings: { default_payment_method: failing.id },
    });
    await s.stripe.subscriptions.update(subscription!.id, { default_payment_method: failing.id });
    await s.advance(32 * DAY);
    await s.advance(31 * DAY);
    const open = (await s.stripe.invoices.list({ subscription: subscription!.id, status: 'open' }))
      .data;
    expect(open).toHaveLength(2);
    const [newest, oldest] = open as [(typeof open)[0], (typeof open)[0]];
    const visa = await s.stripe.paymentMethods.attach('pm_card_visa', { customer });
    await s.stripe.invoices.pay(newest.id, { payment_method: visa.id });
    await s.settle();
    const status = (await s.status('twice')) as {
      status: string;
      alerts: { type: string; hostedInvoiceUrl?: string | null }[];
    };
    expect(status.status).toBe('past_due');
    expect(status.alerts).toEqual([
      expect.objectContaining({
        type: 'payment_failed',
        hostedInvoiceUrl: oldest.hosted_invoice_url,
      }),
    ]);
  });
});
