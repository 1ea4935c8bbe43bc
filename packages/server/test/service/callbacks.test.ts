/**
 * Notifier hooks as signed HTTP callbacks: stored in the outbox first, delivered at least once
 * with the same idempotency key on every attempt, retried with backoff, signed so the receiver
 * can tell them from forgeries. The Django test receives them from a real checkout.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../../../test/app';
import { pglite, type TestDb } from '../../../../test/database';
import { createCallbackDelivery } from '../../src/service/callbacks/delivery';
import { callbackNotifier } from '../../src/service/callbacks/notifier';
import { callbackOutbox } from '../../src/service/callbacks/outbox';

const SECRET = 'cb'.repeat(20);

interface Received {
  at: number;
  key: string | undefined;
  signature: string;
  body: string;
}

let t: TestDb;
let server: Server;
let url: string;
const received: Received[] = [];
/** Status to answer for the next requests, in order; 204 after that. */
const script: number[] = [];

beforeAll(async () => {
  t = await pglite('service_callbacks');
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({
        at: Date.now(),
        key: req.headers['idempotency-key'] as string | undefined,
        signature: String(req.headers['tollgate-signature']),
        body,
      });
      res.writeHead(script.shift() ?? 204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callbacks`;
}, 60_000);
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await t?.close();
});

async function until(check: () => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function setup(schema: string, options: { maxAttempts?: number } = {}) {
  const logger = memoryLogger();
  const config = { url, secret: SECRET, baseDelayMs: 100, pollMs: 50, ...options };
  const outbox = callbackOutbox(t.db, schema);
  const delivery = createCallbackDelivery(config, outbox, logger);
  const notify = callbackNotifier(config, outbox, () => void delivery.kick());
  return { outbox, delivery, notify, logger };
}

const payload = (eventId: string) =>
  ({
    eventId,
    idempotencyKey: `tollgate:${eventId}:subscription_canceled`,
    userId: 'u1',
    customerId: 'cus_1',
    eventType: 'customer.subscription.deleted',
    eventCreated: '2026-12-01T00:00:00.000Z',
    subscriptionId: 'sub_1',
    plan: 'pro',
  }) as never;

describe('callbacks', () => {
  it('retries a failing receiver with growing delays and the same idempotency key, then stops', async () => {
    received.length = 0;
    script.push(500, 503);
    const { outbox, delivery, notify } = setup(`${t.schema}_a`);
    await outbox.create();
    await notify.subscription_canceled!(payload('evt_retry'));
    await until(() => received.length === 3);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(received).toHaveLength(3);
    expect(new Set(received.map((r) => r.key))).toEqual(
      new Set(['tollgate:evt_retry:subscription_canceled']),
    );
    const gaps = [received[1]!.at - received[0]!.at, received[2]!.at - received[1]!.at];
    expect(gaps[0]).toBeGreaterThanOrEqual(90);
    expect(gaps[1]).toBeGreaterThanOrEqual(190);
    const { rows } = await t.db.query(
      `SELECT attempts, delivered_at IS NOT NULL AS delivered FROM "${t.schema}_a".tollgate_callbacks`,
    );
    expect(rows).toEqual([{ attempts: 3, delivered: true }]);
    await delivery.stop();
  });

  it('signs each callback: HMAC-SHA256 of "t.body" with the shared secret', async () => {
    received.length = 0;
    const { outbox, delivery, notify } = setup(`${t.schema}_b`);
    await outbox.create();
    await notify.subscription_canceled!(payload('evt_signed'));
    await until(() => received.length === 1);
    const { signature, body } = received[0]!;
    const [, at, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature)!;
    expect(Math.abs(Number(at) - Date.now() / 1000)).toBeLessThan(5);
    expect(v1).toBe(createHmac('sha256', SECRET).update(`${at}.${body}`).digest('hex'));
    expect(JSON.parse(body)).toMatchObject({
      id: 'tollgate:evt_signed:subscription_canceled',
      type: 'subscription_canceled',
      data: { eventId: 'evt_signed', userId: 'u1', plan: 'pro' },
    });
    await delivery.stop();
  });

  it('stores a redelivered Stripe event once: one callback per event and hook', async () => {
    received.length = 0;
    const { outbox, delivery, notify } = setup(`${t.schema}_c`);
    await outbox.create();
    await Promise.all([
      notify.subscription_canceled!(payload('evt_twice')),
      notify.subscription_canceled!(payload('evt_twice')),
    ]);
    await until(() => received.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received).toHaveLength(1);
    await delivery.stop();
  });

  it('gives up after maxAttempts and logs it, keeping the row and its last error', async () => {
    received.length = 0;
    script.push(500, 500);
    const { outbox, delivery, notify, logger } = setup(`${t.schema}_d`, { maxAttempts: 2 });
    await outbox.create();
    await notify.subscription_canceled!(payload('evt_gone'));
    await until(() => logger.lines.some((l) => l.message === 'callback given up'));
    const { rows } = await t.db.query(
      `SELECT attempts, last_error, gave_up_at IS NOT NULL AS gave_up FROM "${t.schema}_d".tollgate_callbacks`,
    );
    expect(rows).toEqual([{ attempts: 2, last_error: 'HTTP 500', gave_up: true }]);
    await delivery.stop();
  });

  it('delivers what a stopped process left in the outbox (a restart loses nothing)', async () => {
    received.length = 0;
    const first = setup(`${t.schema}_e`);
    await first.outbox.create();
    await first.delivery.stop();
    // Stored while no delivery runs, as when the process died right after the insert.
    await first.notify.subscription_canceled!(payload('evt_restart'));
    expect(received).toHaveLength(0);
    const second = setup(`${t.schema}_e`);
    await until(() => received.length === 1);
    expect(received[0]!.key).toBe('tollgate:evt_restart:subscription_canceled');
    await second.delivery.stop();
  });
});
