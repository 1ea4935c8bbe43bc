import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { customerWithCard, DAY, periodEnd, useHarness } from './helpers.js';

const h = useHarness();

/** Moves the emulator's clock to the subscription's renewal. */
async function renew(sub: Stripe.Subscription): Promise<Stripe.Invoice> {
  h.emulator.clock.advance(periodEnd(sub) - h.emulator.clock.now());
  const renewed = await h.stripe.subscriptions.retrieve(sub.id);
  return h.stripe.invoices.retrieve(renewed.latest_invoice as string);
}

describe('/v1/invoiceitems', () => {
  it('creates, retrieves, updates, lists and deletes pending invoice items', async () => {
    const customer = await customerWithCard(h.stripe);
    const setup = await h.stripe.invoiceItems.create({
      customer: customer.id,
      amount: 2500,
      currency: 'usd',
      description: 'Setup fee',
      metadata: { kind: 'setup' },
    });
    expect(setup).toMatchObject({
      object: 'invoiceitem',
      amount: 2500,
      currency: 'usd',
      quantity: 1,
      invoice: null,
      proration: false,
      description: 'Setup fee',
      metadata: { kind: 'setup' },
    });
    const seats = await h.stripe.invoiceItems.create({
      customer: customer.id,
      pricing: { price: h.premium.id },
      quantity: 3,
      period: { start: 1_767_225_600, end: 1_767_225_600 + 30 * DAY },
    });
    expect(seats).toMatchObject({ amount: 3 * 3252, quantity: 3, description: 'Premium' });
    expect(seats.pricing?.price_details?.price).toBe(h.premium.id);
    expect(seats.period).toEqual({ start: 1_767_225_600, end: 1_767_225_600 + 30 * DAY });

    expect((await h.stripe.invoiceItems.retrieve(setup.id)).id).toBe(setup.id);
    const more = await h.stripe.invoiceItems.update(seats.id, {
      quantity: 4,
      description: 'Seats',
    });
    expect(more).toMatchObject({ amount: 4 * 3252, quantity: 4, description: 'Seats' });

    const listed = await h.stripe.invoiceItems.list({ customer: customer.id, pending: true });
    expect(listed.data.map((i) => i.id)).toEqual([seats.id, setup.id]);

    expect(await h.stripe.invoiceItems.del(setup.id)).toEqual({
      id: setup.id,
      object: 'invoiceitem',
      deleted: true,
    });
    await expect(h.stripe.invoiceItems.retrieve(setup.id)).rejects.toMatchObject({
      statusCode: 404,
    });
    const left = await h.stripe.invoiceItems.list({ customer: customer.id });
    expect(left.data.map((i) => i.id)).toEqual([seats.id]);
  });

  it('refuses bad input with Stripe errors', async () => {
    const customer = await customerWithCard(h.stripe);
    await expect(
      h.stripe.invoiceItems.create({
        customer: customer.id,
        amount: 100,
        currency: 'usd',
        pricing: { price: h.monthly.id },
      }),
    ).rejects.toMatchObject({ statusCode: 400, code: 'parameters_exclusive' });
    await expect(
      h.stripe.invoiceItems.create({ customer: customer.id, amount: 100 }),
    ).rejects.toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'currency' });
    await expect(
      h.stripe.invoiceItems.create({ customer: customer.id, currency: 'usd' }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'amount' });
    await expect(
      h.stripe.invoiceItems.create({ customer: 'cus_missing', amount: 1, currency: 'usd' }),
    ).rejects.toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'customer' });
  });

  it("the subscription's renewal invoice picks up the customer's pending items, not another subscription's", async () => {
    const customer = await customerWithCard(h.stripe);
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
    });
    const other = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.premium.id }],
    });
    const loose = await h.stripe.invoiceItems.create({
      customer: customer.id,
      amount: 700,
      currency: 'usd',
      description: 'Extra',
    });
    const own = await h.stripe.invoiceItems.create({
      customer: customer.id,
      subscription: sub.id,
      amount: 300,
      currency: 'usd',
    });
    const others = await h.stripe.invoiceItems.create({
      customer: customer.id,
      subscription: other.id,
      amount: 900,
      currency: 'usd',
    });
    const preview = await h.stripe.invoices.createPreview({
      customer: customer.id,
      subscription: sub.id,
    });

    const invoice = await renew(sub);
    expect(invoice.billing_reason).toBe('subscription_cycle');
    const billed = invoice.lines.data
      .map((l) => l.parent?.invoice_item_details?.invoice_item)
      .filter(Boolean);
    expect(billed).toHaveLength(2);
    expect(billed).toEqual(expect.arrayContaining([loose.id, own.id]));
    expect(invoice.lines.data.find((l) => l.amount === 700)?.description).toBe('Extra');
    expect(invoice.total).toBe(1000 + 700 + 300);
    expect(preview.total).toBe(invoice.total);

    const onInvoice = await h.stripe.invoiceItems.list({ invoice: invoice.id });
    expect(onInvoice.data.map((i) => i.id).sort()).toEqual([loose.id, own.id].sort());
    // The other subscription renews at the same moment and bills its own item.
    const otherInvoice = (await h.stripe.subscriptions.retrieve(other.id)).latest_invoice;
    expect((await h.stripe.invoiceItems.retrieve(others.id)).invoice).toBe(otherInvoice);
    expect(
      (await h.stripe.invoiceItems.list({ customer: customer.id, pending: true })).data,
    ).toEqual([]);

    await expect(h.stripe.invoiceItems.del(loose.id)).rejects.toMatchObject({ statusCode: 400 });
    await expect(h.stripe.invoiceItems.update(own.id, { amount: 1 })).rejects.toMatchObject({
      statusCode: 400,
    });
  });

  it('proration items of a subscription change are invoice items you can list and delete', async () => {
    const customer = await customerWithCard(h.stripe);
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
    });
    h.emulator.clock.advance(10 * DAY);
    await h.stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0]!.id, price: h.premium.id }],
      proration_behavior: 'create_prorations',
    });
    const pending = await h.stripe.invoiceItems.list({ customer: customer.id, pending: true });
    expect(pending.data).toHaveLength(2);
    expect(pending.data.every((i) => i.proration)).toBe(true);
    expect(pending.data[0]!.parent?.subscription_details?.subscription).toBe(sub.id);
    const credit = pending.data.find((i) => i.amount < 0)!;
    await h.stripe.invoiceItems.del(credit.id);

    const invoice = await renew(await h.stripe.subscriptions.retrieve(sub.id));
    const prorations = invoice.lines.data.filter(
      (l) => l.parent?.subscription_item_details?.proration,
    );
    expect(prorations).toHaveLength(1);
    expect(prorations[0]!.amount).toBeGreaterThan(0);
  });

  it('invoices.create bills pending items only with pending_invoice_items_behavior include', async () => {
    const customer = await customerWithCard(h.stripe);
    const item = await h.stripe.invoiceItems.create({
      customer: customer.id,
      amount: 4200,
      currency: 'usd',
    });
    const empty = await h.stripe.invoices.create({ customer: customer.id });
    expect(empty).toMatchObject({ status: 'draft', total: 0, auto_advance: false });
    expect((await h.stripe.invoiceItems.retrieve(item.id)).invoice).toBeNull();

    const invoice = await h.stripe.invoices.create({
      customer: customer.id,
      pending_invoice_items_behavior: 'include',
      description: 'One-off',
    });
    expect(invoice).toMatchObject({
      billing_reason: 'manual',
      total: 4200,
      description: 'One-off',
      status: 'draft',
    });
    expect((await h.stripe.invoiceItems.retrieve(item.id)).invoice).toBe(invoice.id);
    const paid = await h.stripe.invoices.pay(
      (await h.stripe.invoices.finalizeInvoice(invoice.id)).id,
    );
    expect(paid.status).toBe('paid');
  });
});
