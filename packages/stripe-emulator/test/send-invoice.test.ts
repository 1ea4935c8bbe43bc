import { describe, expect, it } from 'vitest';
import { DAY, useHarness } from './helpers.js';

const h = useHarness();

describe('collection_method=send_invoice', () => {
  it('sends invoices with a due date, never charges them, and goes past_due when one is overdue', async () => {
    const customer = await h.stripe.customers.create({ email: 'ap@example.com' });
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
      collection_method: 'send_invoice',
      days_until_due: 14,
      expand: ['latest_invoice'],
    });
    expect(sub).toMatchObject({
      status: 'active',
      collection_method: 'send_invoice',
      days_until_due: 14,
    });
    const first = sub.latest_invoice as {
      id: string;
      status: string;
      due_date: number;
      collection_method: string;
      hosted_invoice_url: string;
    };
    expect(first).toMatchObject({ status: 'open', collection_method: 'send_invoice' });
    expect(first.due_date).toBe(h.emulator.clock.now() + 14 * DAY);
    expect(first.hosted_invoice_url).toMatch(/\/invoice\/in_/);

    await h.stripe.invoices.pay(first.id, { payment_method: 'pm_card_visa' });
    h.emulator.clock.advance(32 * DAY);
    const renewal = (await h.stripe.invoices.list({ subscription: sub.id })).data[0]!;
    expect(renewal).toMatchObject({
      billing_reason: 'subscription_cycle',
      status: 'open',
      attempted: false,
    });
    h.emulator.clock.advance(15 * DAY);
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe('past_due');
  });

  it('needs days_until_due with send_invoice, and refuses it otherwise', async () => {
    const customer = await h.stripe.customers.create({});
    await expect(
      h.stripe.subscriptions.create({
        customer: customer.id,
        items: [{ price: h.monthly.id }],
        collection_method: 'send_invoice',
      }),
    ).rejects.toMatchObject({
      statusCode: 400,
      param: 'days_until_due',
      code: 'parameter_missing',
    });
    await expect(
      h.stripe.subscriptions.create({
        customer: customer.id,
        items: [{ price: h.monthly.id }],
        days_until_due: 3,
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'days_until_due' });
  });
});
