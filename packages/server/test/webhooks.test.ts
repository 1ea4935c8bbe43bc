import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post } from '../../../test/app';
import { type TestDb, testDatabase } from '../../../test/database';
import type { NotificationType } from '../src/notifier';
import { createStore } from '../src/store/store';
import { DAY, type Stack, startStack } from './helpers/stack';

// Two instances with separate pools race on every event (both endpoints receive each one). On
// real PostgreSQL when TEST_DATABASE_URL is set; otherwise both share one PGlite.
const notes: { type: NotificationType; eventId: string; userId: string | null }[] = [];
const hook = (type: NotificationType) => (payload: { eventId: string; userId: string | null }) => {
  notes.push({ type, eventId: payload.eventId, userId: payload.userId });
};

let t: TestDb;
let s: Stack;
beforeAll(async () => {
  t = await testDatabase('webhooks');
  s = await startStack(t, {
    replica: t.second,
    seed: 7,
    config: {
      notify: {
        checkout_completed: hook('checkout_completed'),
        plan_changed: hook('plan_changed'),
        payment_succeeded: hook('payment_succeeded'),
        subscription_canceled: hook('subscription_canceled'),
      },
    },
  });
}, 90_000);
afterAll(async () => {
  await s?.close();
  await t?.close();
});

const store = () => createStore(t.db, t.schema);

/** The store must say what Stripe says, field by field that matters. */
async function expectStoreEqualsStripe(user: string) {
  const billing = await store().readUser(user);
  const customer = billing.customerId!;
  const [subscription] = (await s.stripe.subscriptions.list({ customer, status: 'all' }))
    .data as Stripe.Subscription[];
  const stored = billing.snapshot?.subscription;
  expect(stored?.id).toBe(subscription!.id);
  expect(stored?.status).toBe(subscription!.status);
  expect(stored?.cancelAtPeriodEnd).toBe(subscription!.cancel_at_period_end);
  expect(stored?.priceId).toBe(subscription!.items.data[0]!.price.id);
  expect(stored?.currentPeriodEnd).toBe(
    new Date(subscription!.items.data[0]!.current_period_end * 1000).toISOString(),
  );
}

/** Every event about this customer is done in the ledger, and each notification fired once. */
async function expectExactlyOnce(user: string) {
  const customer = (await store().customerForUser(user))!.customerId!;
  const events = s.emulator.events
    .all()
    .filter((e) => (e.data.object as { customer?: unknown }).customer === customer);
  expect(events.length).toBeGreaterThan(3);
  for (const event of events) {
    expect((await store().event(event.id))?.status, `${event.type} ${event.id}`).toBe('done');
  }
  const mine = notes.filter((n) => n.userId === user);
  const perEvent = new Map<string, number>();
  for (const note of mine)
    perEvent.set(
      `${note.type}:${note.eventId}`,
      (perEvent.get(`${note.type}:${note.eventId}`) ?? 0) + 1,
    );
  expect([...perEvent.values()].every((count) => count === 1)).toBe(true);
  return mine;
}

describe('webhook delivery faults', { timeout: 90_000 }, () => {
  it('duplicates, concurrent duplicates, reordering and lost first attempts: state converges, side effects once', async () => {
    s.emulator.faults.webhooks.duplicate({ rate: 0.6 });
    s.emulator.faults.webhooks.concurrentDuplicates({ rate: 0.4 });
    s.emulator.faults.webhooks.shuffle({ batch: 4, holdMs: 20 });
    s.emulator.faults.webhooks.dropThenRetry({ rate: 0.3 });
    try {
      await s.subscribe('chaos', 'business', 'month');
      const change = await s.billing.handler(
        post('/change', { plan: 'business', interval: 'year' }, 'chaos'),
      );
      expect(change.status).toBe(200);
      await s.billing.handler(post('/cancel', {}, 'chaos'));
      await s.settle();
    } finally {
      s.emulator.faults.reset();
    }
    const log = s.emulator.deliveries.log;
    expect(log.some((d) => d.copy === 2)).toBe(true);
    expect(log.some((d) => d.outcome === 'dropped')).toBe(true);
    await expectStoreEqualsStripe('chaos');
    const mine = await expectExactlyOnce('chaos');
    expect(mine.filter((n) => n.type === 'checkout_completed')).toHaveLength(1);
    expect(mine.filter((n) => n.type === 'plan_changed')).toHaveLength(1);
    // Both instances answered deliveries: the race was real.
    const urls = new Set(log.filter((d) => d.status === 200).map((d) => d.url));
    expect(urls.size).toBe(2);
  });

  it('crash then retry: a sync that fails answers 5xx (503 STRIPE_UNAVAILABLE) and records nothing, and Stripe’s retry completes it once', async () => {
    await s.subscribe('crash', 'pro', 'month');
    const customer = (await store().customerForUser('crash'))!.customerId!;
    const subscription = (await s.stripe.subscriptions.list({ customer })).data[0]!;
    const business = (await s.stripe.prices.list({ lookup_keys: ['tg_business_month'] })).data[0]!;
    const logStart = s.emulator.deliveries.log.length;
    s.emulator.faults.api.fail({
      status: 500,
      times: 2,
      method: 'GET',
      path: '/v1/subscriptions',
      shouldRetry: false,
    });
    try {
      await s.stripe.subscriptions.update(subscription.id, {
        items: [{ id: subscription.items.data[0]!.id, price: business.id }],
        proration_behavior: 'none',
      });
      await s.settle();
    } finally {
      s.emulator.faults.reset();
    }
    const updated = s.emulator.events
      .ofType('customer.subscription.updated')
      .filter((e) => (e.data.object as Stripe.Subscription).id === subscription.id)
      .at(-1)!;
    const attempts = s.emulator.deliveries.log.slice(logStart);
    const crashed = [...new Set(attempts.filter((d) => d.status >= 500).map((d) => d.eventId))];
    expect(crashed.length).toBeGreaterThan(0);
    for (const eventId of crashed) {
      expect(attempts.some((d) => d.eventId === eventId && d.status === 200)).toBe(true);
      const entry = await store().event(eventId);
      expect(entry?.status).toBe('done');
      // The claim is written with the snapshot, after the Stripe read: the failed attempt left no row.
      expect(entry?.attempts).toBe(1);
    }
    await expectStoreEqualsStripe('crash');
    const changed = (await expectExactlyOnce('crash')).filter((n) => n.type === 'plan_changed');
    expect(changed.map((n) => n.eventId)).toEqual([updated.id]);
    expect(await s.status('crash')).toMatchObject({ plan: 'business' });
  });

  it('a burst of events for one customer coalesces into far fewer Stripe reads', async () => {
    await s.subscribe('burst', 'business', 'month');
    const customer = (await store().customerForUser('burst'))!.customerId!;
    const before = s.emulator.requests.length;
    const eventsBefore = s.emulator.events.all().length;
    // Hold the 40 deliveries (20 events × 2 instances) and release them together: a real burst.
    s.emulator.faults.webhooks.shuffle({ batch: 40, holdMs: 3000 });
    try {
      for (let i = 0; i < 20; i++) {
        await s.stripe.customers.update(customer, { metadata: { userId: 'burst', n: String(i) } });
      }
      await s.settle();
    } finally {
      s.emulator.faults.reset();
    }
    const events = s.emulator.events.all().length - eventsBefore;
    const reads = s.emulator.requests
      .slice(before)
      .filter((r) => r.method === 'GET' && r.path === '/v1/subscriptions').length;
    expect(events).toBeGreaterThanOrEqual(20);
    expect(reads).toBeGreaterThan(0);
    // Without coalescing every delivery would cost one read (40); each instance coalesces its
    // own deliveries into about two reads, plus a re-read if the other instance wrote between.
    expect(reads).toBeLessThanOrEqual(8);
    await expectStoreEqualsStripe('burst');
  });

  it('reconcile repairs a store that missed every webhook', async () => {
    await s.subscribe('lost', 'pro', 'year');
    const customer = (await store().customerForUser('lost'))!.customerId!;
    const subscription = (await s.stripe.subscriptions.list({ customer })).data[0]!;
    await t.db.query(`DELETE FROM "${t.schema}".tollgate_snapshots WHERE customer_id = $1`, [
      customer,
    ]);
    await s.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    await s.settle();
    await t.db.query(
      `UPDATE "${t.schema}".tollgate_snapshots SET snapshot = NULL WHERE customer_id = $1`,
      [customer],
    );
    const progress: string[] = [];
    const result = await s.billing.reconcile({ onProgress: (p) => progress.push(p.customerId) });
    expect(result.failed).toEqual([]);
    expect(progress).toContain(customer);
    await expectStoreEqualsStripe('lost');
    expect((await s.status('lost')).cancelAt).not.toBeNull();
    await s.advance(DAY);
  });
});
