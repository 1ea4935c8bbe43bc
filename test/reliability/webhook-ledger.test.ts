import { createStore } from '@tollgate/server/store/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type ReliabilityDb } from './support/db';
import { signature, webhookRequest } from './support/sign';
import { type Stack, startStack } from './support/stack';

/**
 * Regression: a duplicate delivery that arrived while the first attempt was still running was
 * acknowledged at once (200). When that first attempt then failed — after its own delivery had
 * timed out, as Stripe's 10 s limit does under load — no retry was left: the event stayed
 * `failed` forever and its side effects never ran. Found by the webhook chaos suite.
 */
let db: ReliabilityDb;
let stack: Stack;
let release: () => void = () => {};
let entered: () => void = () => {};
const inHook = new Promise<void>((resolve) => {
  entered = resolve;
});
const gate = new Promise<void>((resolve) => {
  release = resolve;
});
const fired: string[] = [];
const keys: string[] = [];
let calls = 0;
let releaseCanceled: () => void = () => {};
let enteredCanceled: () => void = () => {};
const inCanceledHook = new Promise<void>((resolve) => {
  enteredCanceled = resolve;
});
const canceledGate = new Promise<void>((resolve) => {
  releaseCanceled = resolve;
});

beforeAll(async () => {
  db = await openDatabase('ledger');
  stack = await startStack({
    db,
    deliver: false,
    configure: () => ({
      notify: {
        async checkout_completed(payload) {
          calls += 1;
          keys.push(payload.idempotencyKey);
          if (calls === 1) {
            entered();
            await gate;
            throw new Error('injected crash: hook failed after a slow start');
          }
          fired.push(payload.eventId);
        },
        async subscription_canceled() {
          enteredCanceled();
          await canceledGate;
        },
      },
    }),
  });
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await db?.close();
});

describe('webhook ledger', () => {
  it('a duplicate acknowledged while the first attempt runs does not lose the event when that attempt fails', async () => {
    await stack.subscribe('slow', 'pro', 'month', 'pm_card_visa');
    const event = stack.emulator.events.ofType('checkout.session.completed').at(-1)!;
    const payload = JSON.stringify(event);
    const deliver = () =>
      stack.instances[0]!.billing.handler(
        webhookRequest(payload, signature(payload, stack.emulator.webhookSecret)),
      );

    const first = deliver();
    await inHook;
    const second = deliver();
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    const [a, b] = await Promise.all([first, second]);

    const entry = await createStore(db.pools[0], db.schema).event(event.id);
    expect(a.status).toBe(500);
    // a 2xx for the duplicate is only right once the event is done
    expect(b.status === 200 ? entry?.status : 'retry asked').not.toBe('failed');
    expect(entry?.status).toBe('done');
    expect(fired).toEqual([event.id]);
    // The hook ran twice (at least once): both runs got the same key to make it idempotent.
    expect(keys).toEqual([
      `tollgate:${event.id}:checkout_completed`,
      `tollgate:${event.id}:checkout_completed`,
    ]);
  });

  it('a duplicate still waiting when the wait ends answers 503 EVENT_IN_PROGRESS (retry later), not 500', async () => {
    const [subscription] = (await stack.stripe.subscriptions.list({ limit: 1 })).data;
    await stack.stripe.subscriptions.cancel(subscription!.id);
    const event = stack.emulator.events.ofType('customer.subscription.deleted').at(-1)!;
    const payload = JSON.stringify(event);
    const deliver = () =>
      stack.instances[0]!.billing.handler(
        webhookRequest(payload, signature(payload, stack.emulator.webhookSecret)),
      );
    const first = deliver();
    await inCanceledHook;
    const duplicate = await deliver();
    expect(duplicate.status).toBe(503);
    expect(((await duplicate.json()) as { error: { code: string } }).error.code).toBe(
      'EVENT_IN_PROGRESS',
    );
    releaseCanceled();
    expect((await first).status).toBe(200);
  });
});
