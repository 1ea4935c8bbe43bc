/** Test clocks as Stripe has them: a clock owns its customers, and moves only their objects. */
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { DAY, START, useHarness } from './helpers.js';

const h = useHarness();

async function subscribedOn(clock: string | undefined): Promise<Stripe.Subscription> {
  const customer = await h.stripe.customers.create({
    ...(clock ? { test_clock: clock } : {}),
    payment_method: 'pm_card_visa',
    invoice_settings: { default_payment_method: 'pm_card_visa' },
  });
  return h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: h.monthly.id }] });
}

const invoicesOf = async (sub: Stripe.Subscription) =>
  (await h.stripe.invoices.list({ subscription: sub.id })).data;

describe('test clocks', () => {
  it('advancing one clock renews only its customers’ subscriptions', async () => {
    const a = await h.stripe.testHelpers.testClocks.create({ frozen_time: START, name: 'a' });
    const b = await h.stripe.testHelpers.testClocks.create({ frozen_time: START, name: 'b' });
    const onA = await subscribedOn(a.id);
    const onB = await subscribedOn(b.id);
    const global = await subscribedOn(undefined);
    expect(onA.test_clock).toBe(a.id);
    expect(onA.created).toBe(START);

    const target = START + 32 * DAY;
    const answer = await h.stripe.testHelpers.testClocks.advance(a.id, { frozen_time: target });
    expect(answer.status).toBe('advancing');
    const ready = await h.stripe.testHelpers.testClocks.retrieve(a.id);
    expect(ready).toMatchObject({ status: 'ready', frozen_time: target });

    expect(await invoicesOf(onA)).toHaveLength(2);
    expect((await invoicesOf(onA))[0]).toMatchObject({ billing_reason: 'subscription_cycle' });
    expect(await invoicesOf(onB)).toHaveLength(1);
    expect(await invoicesOf(global)).toHaveLength(1);
    expect(h.emulator.clock.now()).toBe(START);
    expect((await h.stripe.testHelpers.testClocks.retrieve(b.id)).frozen_time).toBe(START);
    const types = h.emulator.events.all().map((e) => e.type);
    expect(types.indexOf('test_helpers.test_clock.advancing')).toBeLessThan(
      types.indexOf('test_helpers.test_clock.ready'),
    );
  });

  it('the process-wide clock does not move test-clock customers', async () => {
    const c = await h.stripe.testHelpers.testClocks.create({ frozen_time: START });
    const onC = await subscribedOn(c.id);
    const global = await subscribedOn(undefined);
    h.emulator.clock.advance(32 * DAY);
    expect(await invoicesOf(global)).toHaveLength(2);
    expect(await invoicesOf(onC)).toHaveLength(1);
  });

  it("enforces Stripe's limits: 3 customers a clock, 3 subscriptions a customer, 2 intervals an advance", async () => {
    const clock = await h.stripe.testHelpers.testClocks.create({ frozen_time: START });
    const first = await subscribedOn(clock.id);
    await h.stripe.customers.create({ test_clock: clock.id });
    await h.stripe.customers.create({ test_clock: clock.id });
    await expect(h.stripe.customers.create({ test_clock: clock.id })).rejects.toMatchObject({
      statusCode: 400,
      param: 'test_clock',
    });
    const customer = first.customer as string;
    await h.stripe.subscriptions.create({ customer, items: [{ price: h.monthly.id }] });
    await h.stripe.subscriptions.create({ customer, items: [{ price: h.monthly.id }] });
    await expect(
      h.stripe.subscriptions.create({ customer, items: [{ price: h.monthly.id }] }),
    ).rejects.toMatchObject({ statusCode: 400 });
    await expect(
      h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: START + 70 * DAY }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'frozen_time' });
  });

  it('lists and deletes clocks; deleting one deletes its customers', async () => {
    const clock = await h.stripe.testHelpers.testClocks.create({ frozen_time: START });
    const sub = await subscribedOn(clock.id);
    const listed = await h.stripe.testHelpers.testClocks.list({ limit: 100 });
    expect(listed.data.map((c) => c.id)).toContain(clock.id);
    const deleted = await h.stripe.testHelpers.testClocks.del(clock.id);
    expect(deleted.deleted).toBe(true);
    const customer = await h.stripe.customers.retrieve(sub.customer as string);
    expect(customer.deleted).toBe(true);
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe('canceled');
  });
});
