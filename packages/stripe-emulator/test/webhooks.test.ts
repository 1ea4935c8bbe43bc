import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { createFaults } from '../src/faults.js';
import { createDeliverer, type Deliverer } from '../src/webhooks/index.js';
import { event, startReceiver } from './webhooks-helpers.js';

const stripe = new Stripe('sk_test_webhooks');
const SECRET = 'whsec_test_secret_for_signing';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(
  respond?: Parameters<typeof startReceiver>[0],
  opts: { events?: string[]; retrySchedule?: number[]; timeoutMs?: number } = {},
) {
  const receiver = await startReceiver(respond);
  const deliverer: Deliverer = createDeliverer({
    endpoints: () => [
      { id: 'we_1', url: receiver.url, secret: SECRET, enabled_events: opts.events ?? ['*'] },
    ],
    seed: 1,
    retrySchedule: opts.retrySchedule ?? [20, 40],
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
  });
  cleanups.push(receiver.close, deliverer.close);
  return { receiver, deliverer };
}

describe('webhook delivery', () => {
  it('signs each delivery so the official SDK verifies it, with Stripe headers', async () => {
    const { receiver, deliverer } = await setup();
    deliverer.enqueue(event('evt_1'));
    await deliverer.idle();
    const [got] = receiver.received;
    expect(got).toBeDefined();
    expect(got?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(got?.headers['user-agent']).toMatch(/^Stripe\/1\.0/);
    const header = String(got?.headers['stripe-signature']);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const verified = await stripe.webhooks.constructEventAsync(got?.body ?? '', header, SECRET);
    expect(verified.id).toBe('evt_1');
    await expect(
      stripe.webhooks.constructEventAsync(got?.body ?? '', header, 'whsec_wrong'),
    ).rejects.toThrow(/No signatures found/);
    expect(deliverer.log).toMatchObject([
      { eventId: 'evt_1', endpointId: 'we_1', attempt: 1, outcome: 'delivered', status: 200 },
    ]);
  });

  it('sends only the event types an endpoint enabled', async () => {
    const { receiver, deliverer } = await setup(undefined, { events: ['invoice.paid'] });
    deliverer.enqueue(event('evt_a', 'customer.created'));
    deliverer.enqueue(event('evt_b', 'invoice.paid'));
    await deliverer.idle();
    expect(receiver.ids()).toEqual(['evt_b']);
  });

  it('retries a failing endpoint with backoff and records every attempt', async () => {
    const { receiver, deliverer } = await setup((_, seen) => (seen < 2 ? 500 : 200), {
      retrySchedule: [20, 40, 80],
    });
    deliverer.enqueue(event('evt_retry'));
    await deliverer.idle();
    expect(receiver.ids()).toEqual(['evt_retry', 'evt_retry', 'evt_retry']);
    const log = deliverer.log;
    expect(log.map((a) => [a.attempt, a.outcome, a.status])).toEqual([
      [1, 'failed', 500],
      [2, 'failed', 500],
      [3, 'delivered', 200],
    ]);
    expect(log[0]?.nextRetryAt).toBe((log[0]?.finishedAt ?? 0) + 20);
    expect(log[1]?.nextRetryAt).toBe((log[1]?.finishedAt ?? 0) + 40);
    expect(log[2]?.nextRetryAt).toBeNull();
    expect((log[1]?.startedAt ?? 0) - (log[0]?.finishedAt ?? 0)).toBeGreaterThanOrEqual(19);
    // each retry is signed afresh and still verifies
    for (const r of receiver.received) {
      await stripe.webhooks.constructEventAsync(
        r.body,
        String(r.headers['stripe-signature']),
        SECRET,
      );
    }
  });

  it('treats redirects as failures and gives up after the schedule', async () => {
    const { receiver, deliverer } = await setup(() => 302, { retrySchedule: [10] });
    deliverer.enqueue(event('evt_302'));
    await deliverer.idle();
    expect(receiver.received).toHaveLength(2);
    expect(deliverer.log.map((a) => [a.outcome, a.status, a.nextRetryAt === null])).toEqual([
      ['failed', 302, false],
      ['failed', 302, true],
    ]);
  });

  it('records a timeout and a refused connection as errors', async () => {
    const { deliverer } = await setup(() => 'hang', { retrySchedule: [], timeoutMs: 100 });
    deliverer.enqueue(event('evt_hang'));
    await deliverer.idle();
    expect(deliverer.log[0]).toMatchObject({ outcome: 'failed', status: null });
    expect(deliverer.log[0]?.error).toMatch(/timed out after 100 ms/);

    const gone = await startReceiver();
    await gone.close();
    const refused = createDeliverer({
      endpoints: () => [{ id: 'we_x', url: gone.url, secret: SECRET, enabled_events: ['*'] }],
      retrySchedule: [],
    });
    cleanups.push(refused.close);
    refused.enqueue(event('evt_refused'));
    await refused.idle();
    expect(refused.log[0]?.error).toMatch(/ECONNREFUSED/);
  });

  it('close() cancels pending retries and resolves idle()', async () => {
    const { deliverer } = await setup(() => 500, { retrySchedule: [60_000] });
    deliverer.enqueue(event('evt_close'));
    const idle = deliverer.idle();
    while (deliverer.log.length === 0) await new Promise((r) => setTimeout(r, 5));
    await deliverer.close();
    await idle;
    expect(deliverer.log).toHaveLength(1);
  });
});

describe('webhook faults', () => {
  async function faulty(seed: number, configure: (f: ReturnType<typeof createFaults>) => void) {
    const receiver = await startReceiver();
    const faults = createFaults(seed);
    configure(faults);
    const deliverer = createDeliverer({
      endpoints: () => [{ id: 'we_1', url: receiver.url, secret: SECRET, enabled_events: ['*'] }],
      faults,
      retrySchedule: [15],
    });
    cleanups.push(receiver.close, deliverer.close);
    const ids = Array.from({ length: 8 }, (_, i) => `evt_${i}`);
    for (const id of ids) deliverer.enqueue(event(id));
    await deliverer.idle();
    return { receiver, deliverer, faults, ids };
  }

  it('duplicates deliveries', async () => {
    const { receiver, deliverer, ids } = await faulty(3, (f) => f.webhooks.duplicate());
    expect(receiver.ids().sort()).toEqual([...ids, ...ids].sort());
    expect(deliverer.log.filter((a) => a.copy === 2)).toHaveLength(ids.length);
  });

  it('sends concurrent duplicates of the same event at once', async () => {
    const { receiver, faults } = await faulty(3, (f) => f.webhooks.concurrentDuplicates());
    expect(receiver.received).toHaveLength(16);
    expect(faults.webhooks.decisions.every((d) => d.duplicate === 'concurrent')).toBe(true);
    const bodies = new Map<string, number>();
    for (const r of receiver.received) bodies.set(r.body, (bodies.get(r.body) ?? 0) + 1);
    expect([...bodies.values()].every((n) => n === 2)).toBe(true);
  });

  it('drops the first attempt so the retry delivers it', async () => {
    const { receiver, deliverer, ids } = await faulty(3, (f) => f.webhooks.dropThenRetry());
    expect(receiver.ids().sort()).toEqual([...ids].sort());
    const first = deliverer.log.filter((a) => a.attempt === 1);
    expect(first.every((a) => a.outcome === 'dropped' && a.error?.includes('fault'))).toBe(true);
    expect(deliverer.log.filter((a) => a.attempt === 2).map((a) => a.outcome)).toEqual(
      ids.map(() => 'delivered'),
    );
  });

  it('delays deliveries by a seeded amount', async () => {
    const before = Date.now();
    const { faults, deliverer } = await faulty(3, (f) => f.webhooks.delay({ minMs: 5, maxMs: 40 }));
    const delays = faults.webhooks.decisions.map((d) => d.delayMs);
    for (const attempt of deliverer.log) {
      const planned = faults.webhooks.decisions.find((d) => d.eventId === attempt.eventId);
      expect(attempt.startedAt).toBeGreaterThanOrEqual(before + (planned?.delayMs ?? 0) - 1);
    }
    expect(delays.every((ms) => ms >= 5 && ms <= 40)).toBe(true);
    expect(new Set(delays).size).toBeGreaterThan(1);
  });

  it('shuffles held batches into a seeded order', async () => {
    const a = await faulty(11, (f) => f.webhooks.shuffle({ batch: 8, holdMs: 1000 }));
    const b = await faulty(11, (f) => f.webhooks.shuffle({ batch: 8, holdMs: 1000 }));
    const c = await faulty(12, (f) => f.webhooks.shuffle({ batch: 8, holdMs: 1000 }));
    const orderOf = (x: typeof a) => x.deliverer.log.map((l) => l.eventId);
    expect(orderOf(a)).not.toEqual(a.ids);
    expect([...orderOf(a)].sort()).toEqual([...a.ids].sort());
    expect(a.faults.webhooks.order(a.ids)).toEqual(b.faults.webhooks.order(b.ids));
    expect(a.faults.webhooks.order(a.ids)).not.toEqual(c.faults.webhooks.order(c.ids));
  });

  it('releases a partial shuffle batch after holdMs', async () => {
    const { receiver, ids } = await faulty(5, (f) => f.webhooks.shuffle({ batch: 50, holdMs: 20 }));
    expect(receiver.ids().sort()).toEqual([...ids].sort());
  });

  it('draws the same faults from the same seed and different ones from another', async () => {
    const configure = (f: ReturnType<typeof createFaults>) => {
      f.webhooks.duplicate({ rate: 0.5 });
      f.webhooks.dropThenRetry({ rate: 0.5 });
      f.webhooks.delay({ maxMs: 10, rate: 0.5 });
    };
    const a = await faulty(21, configure);
    const b = await faulty(21, configure);
    const c = await faulty(22, configure);
    expect(a.faults.webhooks.decisions).toEqual(b.faults.webhooks.decisions);
    expect(a.faults.webhooks.decisions).not.toEqual(c.faults.webhooks.decisions);
    const kinds = a.faults.webhooks.decisions;
    expect(kinds.some((d) => d.dropFirst) && kinds.some((d) => !d.dropFirst)).toBe(true);
    const copiesA = a.deliverer.log
      .filter((l) => l.copy === 2)
      .map((l) => l.eventId)
      .sort();
    const copiesB = b.deliverer.log
      .filter((l) => l.copy === 2)
      .map((l) => l.eventId)
      .sort();
    expect(copiesA).toEqual(copiesB);
    a.faults.reset();
    expect(a.faults.webhooks.decisions).toEqual([]);
    expect(a.faults.webhooks.plan('evt_x', 'we_1')).toMatchObject({
      duplicate: 'none',
      delayMs: 0,
    });
  });
});
