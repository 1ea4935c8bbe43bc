import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { customerWithCard, DAY, periodEnd, useHarness } from './helpers.js';

const h = useHarness();

/** A customer with a card and `balance` set the way an app grants credit. */
async function customerWithBalance(balance: number): Promise<Stripe.Customer> {
  const customer = await customerWithCard(h.stripe);
  return h.stripe.customers.update(customer.id, { balance });
}

async function ledger(customer: string) {
  const list = await h.stripe.customers.listBalanceTransactions(customer, { limit: 100 });
  return list.data.map((t) => ({ type: t.type, amount: t.amount, ending: t.ending_balance }));
}

describe('customer balance', () => {
  it('records initial, adjustment and created transactions, each with its ending balance', async () => {
    const customer = await h.stripe.customers.create({ balance: -500 });
    expect(customer.balance).toBe(-500);
    await h.stripe.customers.update(customer.id, { balance: -800 });
    const made = await h.stripe.customers.createBalanceTransaction(customer.id, {
      amount: 300,
      currency: 'usd',
      description: 'Goodwill reversed',
      metadata: { ticket: '42' },
    });
    expect(made).toMatchObject({
      object: 'customer_balance_transaction',
      type: 'adjustment',
      amount: 300,
      currency: 'usd',
      ending_balance: -500,
      customer: customer.id,
      description: 'Goodwill reversed',
      metadata: { ticket: '42' },
    });
    expect((await h.stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({
      balance: -500,
      currency: 'usd',
    });
    expect(await h.stripe.customers.retrieveBalanceTransaction(customer.id, made.id)).toEqual(made);
    expect(await ledger(customer.id)).toEqual([
      { type: 'adjustment', amount: 300, ending: -500 },
      { type: 'adjustment', amount: -300, ending: -800 },
      { type: 'initial', amount: -500, ending: -500 },
    ]);
  });

  it("refuses a transaction in another currency than the customer's, and another customer's id", async () => {
    const customer = await h.stripe.customers.create({ balance: -500 });
    await h.stripe.customers.createBalanceTransaction(customer.id, { amount: -1, currency: 'usd' });
    await expect(
      h.stripe.customers.createBalanceTransaction(customer.id, { amount: -100, currency: 'eur' }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'currency' });
    const other = await h.stripe.customers.create();
    const [mine] = (await h.stripe.customers.listBalanceTransactions(customer.id)).data;
    await expect(
      h.stripe.customers.retrieveBalanceTransaction(other.id, mine!.id),
    ).rejects.toMatchObject({ statusCode: 404 });
  });

  it('applies credit when the first invoice finalizes: amount_due never below 0, the rest stays', async () => {
    const customer = await customerWithBalance(-1500);
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
      expand: ['latest_invoice'],
    });
    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({
      total: 1000,
      starting_balance: -1500,
      ending_balance: -500,
      amount_due: 0,
      status: 'paid',
    });
    expect((await h.stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({
      balance: -500,
    });
    const applied = await h.stripe.customers.listBalanceTransactions(customer.id, {
      invoice: invoice.id,
    });
    expect(applied.data.map((t) => [t.type, t.amount, t.ending_balance])).toEqual([
      ['applied_to_invoice', 1000, -500],
    ]);
  });

  it('an upgrade preview shows the credit applied without using it, and the update bills exactly that', async () => {
    const customer = await customerWithBalance(-1500);
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
    });
    h.emulator.clock.advance(10 * DAY);
    const change = {
      items: [{ id: sub.items.data[0]!.id, price: h.premium.id }],
      proration_behavior: 'always_invoice' as const,
      proration_date: h.emulator.clock.now(),
    };
    const preview = await h.stripe.invoices.createPreview({
      customer: customer.id,
      subscription: sub.id,
      subscription_details: change,
    });
    expect(preview.starting_balance).toBe(-500);
    expect(preview.amount_due).toBe(preview.total - 500);
    expect(preview.ending_balance).toBeNull();
    expect(await ledger(customer.id)).toHaveLength(2);

    const updated = await h.stripe.subscriptions.update(sub.id, {
      ...change,
      expand: ['latest_invoice'],
    });
    const billed = updated.latest_invoice as Stripe.Invoice;
    expect(billed).toMatchObject({
      total: preview.total,
      amount_due: preview.amount_due,
      amount_paid: preview.amount_due,
      starting_balance: -500,
      ending_balance: 0,
      status: 'paid',
    });
  });

  it('a downgrade billed at once credits its negative total, and the renewal preview and bill use it', async () => {
    const customer = await customerWithCard(h.stripe);
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.premium.id }],
    });
    h.emulator.clock.advance(3 * DAY);
    const downgraded = await h.stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0]!.id, price: h.monthly.id }],
      proration_behavior: 'always_invoice',
      expand: ['latest_invoice'],
    });
    const credit = downgraded.latest_invoice as Stripe.Invoice;
    expect(credit.total).toBeLessThan(0);
    expect(credit).toMatchObject({
      amount_due: 0,
      starting_balance: 0,
      ending_balance: credit.total,
    });
    expect(await ledger(customer.id)).toEqual([
      { type: 'applied_to_invoice', amount: credit.total, ending: credit.total },
    ]);

    const next = await h.stripe.invoices.createPreview({
      customer: customer.id,
      subscription: sub.id,
    });
    expect(next.total).toBe(1000);
    expect(next.starting_balance).toBe(credit.total);
    expect(next.amount_due).toBe(Math.max(0, 1000 + credit.total));

    h.emulator.clock.advance({ until: periodEnd(downgraded) + 3600 });
    const renewal = (await h.stripe.invoices.list({ subscription: sub.id, limit: 1 })).data[0]!;
    expect(renewal).toMatchObject({
      billing_reason: 'subscription_cycle',
      total: next.total,
      amount_due: next.amount_due,
      starting_balance: next.starting_balance,
      ending_balance: Math.min(0, 1000 + credit.total),
      status: 'paid',
    });
  });

  it('a debit balance is added to what the next invoice charges', async () => {
    const customer = await customerWithBalance(250);
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
      expand: ['latest_invoice'],
    });
    expect(sub.latest_invoice).toMatchObject({
      total: 1000,
      starting_balance: 250,
      amount_due: 1250,
      amount_paid: 1250,
      ending_balance: 0,
    });
  });
});
