import { describe, expect, it } from 'vitest';
import { customerWithCard, DAY, START, useHarness } from './helpers.js';

const h = useHarness();

describe('cancel with invoice_now / prorate, and trial_end updates', () => {
  it('prorate + invoice_now: a final invoice credits the unused time to the balance', async () => {
    const customer = await customerWithCard(h.stripe);
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
    });
    h.emulator.clock.advance(10 * DAY);
    const canceled = await h.stripe.subscriptions.cancel(sub.id, {
      invoice_now: true,
      prorate: true,
    });
    expect(canceled.status).toBe('canceled');
    const final = await h.stripe.invoices.retrieve(canceled.latest_invoice as string);
    expect(final.lines.data[0]?.description).toMatch(/^Unused time on /);
    expect(final.total).toBeLessThan(0);
    expect((await h.stripe.customers.retrieve(customer.id)) as { balance: number }).toMatchObject({
      balance: final.total,
    });
  });

  it('prorate alone leaves the credit as a pending invoice item; the defaults bill nothing', async () => {
    const customer = await customerWithCard(h.stripe);
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
    });
    const before = (await h.stripe.invoices.list({ customer: customer.id })).data.length;
    await h.stripe.subscriptions.cancel(sub.id, { prorate: true });
    expect((await h.stripe.invoices.list({ customer: customer.id })).data).toHaveLength(before);
    const pending = Object.values(h.emulator.state.invoiceItems).filter(
      (ii) => ii.customer === customer.id && ii.invoice === null,
    );
    expect(pending).toHaveLength(1);
    expect(pending[0]!.amount).toBeLessThan(0);

    const other = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
    });
    const plain = await h.stripe.subscriptions.cancel(other.id);
    expect(plain.latest_invoice).toBe(other.latest_invoice);
  });

  it('trial_end on update moves the trial end, and now ends it and bills', async () => {
    const customer = await customerWithCard(h.stripe);
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
      trial_period_days: 14,
    });
    const moved = await h.stripe.subscriptions.update(sub.id, {
      trial_end: h.emulator.clock.now() + 20 * DAY,
      proration_behavior: 'none',
    });
    expect(moved.trial_end).toBe(h.emulator.clock.now() + 20 * DAY);
    const ended = await h.stripe.subscriptions.update(sub.id, { trial_end: 'now' });
    expect(ended.status).toBe('active');
    expect(START).toBeLessThanOrEqual(h.emulator.clock.now());
  });
});
