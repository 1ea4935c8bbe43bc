/**
 * A Stripe account shared with other products and with history from before Tollgate, run by
 * operators who edit customers in the dashboard (issue 14 #3 and #4).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post } from '../../../test/app';
import { type TestDb, testDatabase } from '../../../test/database';
import { createStore } from '../src/store/store';
import { type Stack, startStack } from './helpers/stack';

let t: TestDb;
let s: Stack;
beforeAll(async () => {
  t = await testDatabase('shared');
  s = await startStack(t);
}, 90_000);
afterAll(async () => {
  await s?.close();
  await t?.close();
});

const store = () => createStore(t.db, t.schema);
const aboutCustomer = (customerId: string) =>
  s.emulator.events.all().filter((event) => {
    const object = event.data.object as { id?: string; object?: string; customer?: unknown };
    return object.object === 'customer' ? object.id === customerId : object.customer === customerId;
  });

describe('events about customers Tollgate does not manage (issue 14 #3)', {
  timeout: 60_000,
}, () => {
  it("another product's customer: every event is acknowledged and recorded as ignored", async () => {
    const logStart = s.emulator.deliveries.log.length;
    const customer = await s.stripe.customers.create({ email: 'other-product@example.test' });
    const pm = await s.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await s.stripe.customers.update(customer.id, {
      invoice_settings: { default_payment_method: pm.id },
    });
    const price = (await s.stripe.prices.list({ lookup_keys: ['tg_pro_month'] })).data[0]!;
    await s.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    await s.settle();
    const events = aboutCustomer(customer.id);
    expect(events.length).toBeGreaterThan(5);
    const deliveries = s.emulator.deliveries.log
      .slice(logStart)
      .filter((d) => events.some((e) => e.id === d.eventId));
    expect(deliveries.length).toBeGreaterThanOrEqual(events.length);
    expect(deliveries.filter((d) => d.status !== 200)).toEqual([]);
    for (const event of events) {
      expect(await store().event(event.id)).toMatchObject({ status: 'ignored' });
    }
    expect(await store().snapshot(customer.id)).toBeNull();
    expect(
      s.logger.lines.some(
        (l) =>
          l.level === 'debug' &&
          /does not manage/.test(l.message) &&
          l.fields?.customerId === customer.id,
      ),
    ).toBe(true);
  });

  it('a customer Stripe does not know (older history) is acknowledged, not retried', async () => {
    const payload = JSON.stringify({
      id: 'evt_unknown_customer',
      object: 'event',
      type: 'invoice.paid',
      created: 1,
      data: {
        object: { id: 'in_old', object: 'invoice', customer: 'cus_from_2019', amount_paid: 500 },
      },
    });
    const header = s.stripe.webhooks.generateTestHeaderString({
      payload,
      secret: s.emulator.webhookSecret,
    });
    const res = await s.billing.handler(
      new Request('https://app.example.test/api/billing/webhook', {
        method: 'POST',
        headers: { 'stripe-signature': header, 'content-type': 'application/json' },
        body: payload,
      }),
    );
    expect(res.status).toBe(200);
    expect(await store().event('evt_unknown_customer')).toMatchObject({ status: 'ignored' });
  });
});

describe('an operator edits metadata.userId (issue 14 #4)', { timeout: 60_000 }, () => {
  it('the stored link wins: webhooks and /resume keep working, and health() reports the conflict', async () => {
    await s.subscribe('merge_a', 'pro', 'month');
    const customerId = (await store().customerForUser('merge_a'))!.customerId!;
    const logStart = s.emulator.deliveries.log.length;
    await s.stripe.customers.update(customerId, { metadata: { userId: 'merge_b' } });
    expect((await s.billing.handler(post('/cancel', {}, 'merge_a'))).status).toBe(200);
    await s.settle();
    const resume = await s.billing.handler(post('/resume', {}, 'merge_a'));
    expect(resume.status).toBe(200);
    await s.settle();
    const deliveries = s.emulator.deliveries.log.slice(logStart);
    expect(deliveries.length).toBeGreaterThan(0);
    expect(deliveries.filter((d) => d.status !== 200)).toEqual([]);
    expect(await store().userForCustomer(customerId)).toBe('merge_a');
    expect(await s.status('merge_a')).toMatchObject({ plan: 'pro', cancelAt: null });
    expect(s.logger.lines.some((l) => l.level === 'warn' && /link conflict/.test(l.message))).toBe(
      true,
    );
    const health = await s.billing.health();
    expect(health).toMatchObject({
      status: 'error',
      problems: [
        expect.objectContaining({
          code: 'LINK_CONFLICT',
          message: expect.stringContaining('merge_b'),
        }),
      ],
    });
    const reconciled = await s.billing.reconcile();
    expect(reconciled.linkConflicts).toContainEqual({
      userId: 'merge_a',
      customerId,
      conflictsWith: 'merge_b',
    });
    // the operator puts it back: the conflict clears
    await s.stripe.customers.update(customerId, { metadata: { userId: 'merge_a' } });
    await s.settle();
    expect(await s.billing.health()).toMatchObject({ status: 'ok' });
  });
});
