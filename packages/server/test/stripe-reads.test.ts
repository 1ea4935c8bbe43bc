import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBilling } from '../../../test/app';
import { type TestDb, testDatabase } from '../../../test/database';
import { signature, webhookRequest } from '../../../test/reliability/support/sign';
import { createStore } from '../src/store/store';
import { createReadBudget } from '../src/sync/budget';
import { type Stack, startStack } from './helpers/stack';

let t: TestDb;
let s: Stack;
beforeAll(async () => {
  t = await testDatabase('reads');
  s = await startStack(t, { seed: 3 });
  await s.subscribe('reader', 'pro', 'month');
  await s.subscribe('other', 'pro', 'month');
}, 90_000);
afterAll(async () => {
  await s?.close();
  await t?.close();
});

/** GET requests the emulator answered while `run` ran. */
async function readsDuring(run: () => Promise<unknown>) {
  const before = s.emulator.requests.length;
  await run();
  await s.settle();
  return s.emulator.requests.slice(before).filter((r) => r.method === 'GET');
}

const customerOf = async (user: string) =>
  (await createStore(t.db, t.schema).customerForUser(user))!.customerId!;

/** A billing instance of its own (not a webhook endpoint), fed signed events by hand. */
function instance(stripeReads: { perSecond?: number; queue?: number; coalesceMs?: number }) {
  const billing = makeBilling({
    stripe: s.stripe,
    store: t.db,
    schema: t.schema,
    webhookSecret: s.emulator.webhookSecret,
    now: () => new Date(s.emulator.clock.now() * 1000),
    stripeReads,
  });
  const deliver = (event: Stripe.Event) => {
    const payload = JSON.stringify(event);
    return billing.handler(webhookRequest(payload, signature(payload, s.emulator.webhookSecret)));
  };
  return Object.assign(deliver, { billing });
}

describe('Stripe reads per event', { timeout: 60_000 }, () => {
  it('a subscription event costs one Stripe read: the list with customer, invoice and schedule expanded', async () => {
    const customer = await customerOf('reader');
    const [subscription] = (await s.stripe.subscriptions.list({ customer })).data;
    const reads = await readsDuring(() =>
      s.stripe.subscriptions.update(subscription!.id, { metadata: { touched: '1' } }),
    );
    expect(reads.map((r) => r.path)).toEqual(['/v1/subscriptions']);
  });

  it('an event that cannot change billing state is recorded without reading Stripe', async () => {
    const customer = await customerOf('reader');
    const reads = await readsDuring(() =>
      s.stripe.invoiceItems.create({ customer, amount: 500, currency: 'usd' }),
    );
    expect(reads).toEqual([]);
    const created = s.emulator.events.ofType('invoiceitem.created').at(-1)!;
    const { rows } = await t.db.query(
      `SELECT status FROM "${t.schema}".tollgate_events WHERE id = $1`,
      [created.id],
    );
    expect(rows).toEqual([{ status: 'done' }]);
  });

  it('a renewal wave spread over half a second shares reads within the window (one read per event without it)', async () => {
    const customer = await customerOf('reader');
    const [subscription] = (await s.stripe.subscriptions.list({ customer })).data;
    const eventsBefore = s.emulator.events.all().length;
    for (let i = 0; i < 6; i++) {
      await s.stripe.subscriptions.update(subscription!.id, { metadata: { wave: String(i) } });
    }
    await s.settle();
    const wave = s.emulator.events.all().slice(eventsBefore);
    expect(wave).toHaveLength(6);
    const deliverSpread = async (deliver: (event: Stripe.Event) => Promise<Response>) => {
      const answers: Promise<Response>[] = [];
      for (const event of wave) {
        answers.push(deliver(event));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return Promise.all(answers);
    };
    const spread = await readsDuring(() => deliverSpread(instance({ coalesceMs: 0 })));
    const windowed = await readsDuring(async () => {
      const answers = await deliverSpread(instance({ coalesceMs: 1000 }));
      expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
    });
    // (A new instance also loads the catalog's prices once: only the customer reads count.)
    const customerReads = (reads: { path: string }[]) =>
      reads.filter((r) => r.path === '/v1/subscriptions').length;
    expect(customerReads(spread)).toBeGreaterThanOrEqual(4);
    expect(customerReads(windowed)).toBeLessThanOrEqual(2);
  });

  it('a sync a route asks for is never held by the read window (a user waits on it)', async () => {
    const customer = await customerOf('reader');
    const deliver = instance({ coalesceMs: 5000 });
    const event = s.emulator.events.ofType('customer.subscription.updated').at(-1)!;
    expect((await deliver(event)).status).toBe(200);
    // The webhook just read this customer: another webhook's read would wait 5 s for the window.
    const started = performance.now();
    await deliver.billing.syncCustomer(customer);
    expect(performance.now() - started).toBeLessThan(4000);
  });

  it('a burst about a customer not linked yet checks it once (was one customer read per event)', async () => {
    // Hold the stack's own deliveries, so the customer is not linked yet when the burst comes.
    s.emulator.faults.webhooks.shuffle({ batch: 100, holdMs: 2000 });
    const created = await s.stripe.customers.create({ metadata: { userId: 'burst-new' } });
    const template = s.emulator.events.ofType('customer.subscription.updated').at(-1)!;
    const events = Array.from({ length: 6 }, (_, i) => ({
      ...template,
      id: `evt_burst_new_${i}`,
      data: { object: { ...template.data.object, customer: created.id } },
    })) as Stripe.Event[];
    const deliver = instance({ coalesceMs: 0 });
    const before = s.emulator.requests.length;
    const answers = await Promise.all(events.map(deliver));
    const reads = s.emulator.requests.slice(before).filter((r) => r.method === 'GET');
    s.emulator.faults.reset();
    await s.settle();
    expect(answers.map((a) => a.status)).toEqual(events.map(() => 200));
    // One check of the customer's metadata.userId for the whole burst; the sync then reads its
    // subscriptions (it has none) and so the customer itself: one more.
    expect(reads.filter((r) => r.path === `/v1/customers/${created.id}`)).toHaveLength(2);
  });

  it('past the read budget and its queue, the delivery is answered 429 with Retry-After and Stripe retries it later', async () => {
    const deliver = instance({ perSecond: 0.01, queue: 0, coalesceMs: 0 });
    const events: Stripe.Event[] = [];
    for (const user of ['reader', 'other']) {
      const customer = await customerOf(user);
      const [subscription] = (await s.stripe.subscriptions.list({ customer })).data;
      await s.stripe.subscriptions.update(subscription!.id, { metadata: { budget: user } });
      await s.settle();
      events.push(s.emulator.events.ofType('customer.subscription.updated').at(-1)!);
    }
    const answers = await Promise.all(events.map(deliver));
    const refused = answers.find((a) => a.status === 429)!;
    expect(answers.map((a) => a.status).sort()).toEqual([200, 429]);
    expect(refused.headers.get('retry-after')).toBe('100');
    expect(((await refused.json()) as { error: { code: string; message: string } }).error).toEqual({
      code: 'RATE_LIMITED',
      message: expect.stringMatching(
        /read budget is full \(0.01 reads\/s, 0 waiting\).*stripeReads/,
      ),
      details: { retryAfter: 100 },
    });
  });
});

describe('read budget', () => {
  it('starts a quarter second of reads at once, queues the next in order at the rate, refuses past the queue', async () => {
    const budget = createReadBudget({ perSecond: 20, queue: 5 });
    const started: number[] = [];
    const t0 = performance.now();
    const runs = Array.from({ length: 11 }, (_, i) =>
      budget.run(async () => {
        started.push(i);
        return performance.now() - t0;
      }),
    );
    const results = await Promise.allSettled(runs);
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'RATE_LIMITED' });
    expect(started).toEqual(Array.from({ length: 10 }, (_, i) => i));
    // 5 started at once (a quarter second's worth); the five queued ones waited for the bucket
    // to refill at 20/s: the last one about 250 ms.
    const first = results[4] as PromiseFulfilledResult<number>;
    const last = results[9] as PromiseFulfilledResult<number>;
    expect(first.value).toBeLessThan(last.value);
    expect(last.value).toBeGreaterThanOrEqual(200);
  });
});
