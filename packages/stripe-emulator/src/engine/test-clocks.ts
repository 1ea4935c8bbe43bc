import type Stripe from 'stripe';
import { invalidRequest } from '../errors.js';
import { newId } from '../ids.js';
import { valuesOf } from '../state.js';
import type { Engine } from './context.js';
import { deleteCustomer } from './customers.js';
import { emit, update } from './emit.js';
import { runDue } from './scheduler.js';
import { cancelNow } from './subscription-status.js';
import { addInterval, DAY, idOf, must } from './util.js';

/** Stripe's limits: customers per test clock, subscriptions per such customer. */
export const TEST_CLOCK_LIMITS = { customers: 3, subscriptions: 3 } as const;

/** The test clock a customer (id or object) belongs to, or `null`. */
export function testClockOf(engine: Engine, customer: unknown): string | null {
  const id = idOf(customer as string | { id: string } | null | undefined);
  if (!id) return null;
  return (engine.state.customers[id]?.test_clock as string | null | undefined) ?? null;
}

/** Runs `fn` on the time of test clock `clockId` (or on the emulator clock when `null`). */
export function onTestClock<T>(engine: Engine, clockId: string | null, fn: () => T): T {
  const clock = clockId ? engine.state.testClocks[clockId] : undefined;
  return clock ? engine.clock.within(clock.frozen_time, fn) : fn();
}

/** The test clock `id`, or a 400/404 naming `param`. */
export function getTestClock(
  engine: Engine,
  id: string,
  param = 'id',
): Stripe.TestHelpers.TestClock {
  return must(engine.state.testClocks, id, 'test_helpers.test_clock', param);
}

/** Refuses a fourth customer on a test clock, as Stripe does. */
export function checkClockCustomerLimit(engine: Engine, clockId: string): void {
  getTestClock(engine, clockId, 'test_clock');
  const count = valuesOf(engine.state.customers).filter(
    (c) => c.test_clock === clockId && !(c as { deleted?: boolean }).deleted,
  ).length;
  if (count >= TEST_CLOCK_LIMITS.customers) {
    throw invalidRequest(
      `A test clock can have at most ${TEST_CLOCK_LIMITS.customers} customers; create another test clock for more.`,
      'test_clock',
    );
  }
}

/** Refuses a fourth subscription for a customer on a test clock, as Stripe does. */
export function checkClockSubscriptionLimit(engine: Engine, customerId: string): void {
  if (!testClockOf(engine, customerId)) return;
  const count = valuesOf(engine.state.subscriptions).filter(
    (s) => s.customer === customerId,
  ).length;
  if (count >= TEST_CLOCK_LIMITS.subscriptions) {
    throw invalidRequest(
      `A customer on a test clock can have at most ${TEST_CLOCK_LIMITS.subscriptions} subscriptions.`,
      'customer',
    );
  }
}

/** Creates a test clock at `frozen_time`; emits `test_helpers.test_clock.created`. */
export function createTestClock(
  engine: Engine,
  input: { frozen_time: number; name?: string },
): Stripe.TestHelpers.TestClock {
  const now = engine.clock.now();
  const clock = {
    id: newId('clock'),
    object: 'test_helpers.test_clock',
    created: now,
    deletes_after: now + 30 * DAY,
    frozen_time: input.frozen_time,
    livemode: false,
    name: input.name ?? null,
    status: 'ready',
    status_details: {},
  } satisfies Stripe.TestHelpers.TestClock;
  engine.state.testClocks[clock.id] = clock;
  emit(engine, 'test_helpers.test_clock.created', clock);
  return clock;
}

/**
 * The latest time a clock may advance to: two intervals of the shortest subscription interval
 * among its customers' subscriptions (no limit without subscriptions).
 */
function advanceLimit(engine: Engine, clock: Stripe.TestHelpers.TestClock): number | null {
  let limit: number | null = null;
  for (const sub of valuesOf(engine.state.subscriptions)) {
    if (testClockOf(engine, sub.customer) !== clock.id) continue;
    if (sub.status === 'canceled' || sub.status === 'incomplete_expired') continue;
    for (const item of sub.items.data) {
      const r = item.price.recurring;
      if (!r) continue;
      const at = addInterval(clock.frozen_time, r.interval, 2 * r.interval_count);
      limit = limit === null ? at : Math.min(limit, at);
    }
  }
  return limit;
}

/**
 * Advances a test clock to `frozen_time`: only the objects of its customers move (renewals,
 * trial ends, dunning retries run on its time), never the emulator clock or other customers.
 * Emits `test_helpers.test_clock.advancing`, then `…ready`; answers the clock as Stripe does,
 * `status: 'advancing'`.
 */
export function advanceTestClock(
  engine: Engine,
  id: string,
  frozenTime: number,
): Stripe.TestHelpers.TestClock {
  const clock = getTestClock(engine, id);
  if (clock.status === 'advancing') {
    throw invalidRequest('This test clock is already advancing; wait until it is ready.', 'id');
  }
  if (frozenTime <= clock.frozen_time) {
    throw invalidRequest(
      "The frozen_time must be after the test clock's current frozen_time.",
      'frozen_time',
    );
  }
  const limit = advanceLimit(engine, clock);
  if (limit !== null && frozenTime > limit) {
    throw invalidRequest(
      `A test clock can advance at most two intervals of its shortest subscription at a time: advance to ${limit} or earlier, then again.`,
      'frozen_time',
    );
  }
  onTestClock(engine, clock.id, () =>
    update(engine, 'test_helpers.test_clock.advancing', clock, (c) => {
      c.status = 'advancing';
    }),
  );
  const answer = { ...clock, frozen_time: frozenTime };
  runDue(engine, frozenTime, clock.id);
  engine.clock.within(frozenTime, () =>
    update(engine, 'test_helpers.test_clock.ready', clock, (c) => {
      c.status = 'ready';
      c.frozen_time = frozenTime;
    }),
  );
  return answer;
}

/**
 * Deletes a test clock and, as Stripe does, its customers (their subscriptions end);
 * emits `test_helpers.test_clock.deleted`.
 */
export function deleteTestClock(
  engine: Engine,
  id: string,
): { id: string; object: 'test_helpers.test_clock'; deleted: true } {
  const clock = getTestClock(engine, id);
  onTestClock(engine, id, () => {
    for (const customer of valuesOf(engine.state.customers)) {
      if (customer.test_clock !== id || (customer as { deleted?: boolean }).deleted) continue;
      for (const sub of valuesOf(engine.state.subscriptions)) {
        if (sub.customer === customer.id && sub.status !== 'canceled')
          cancelNow(engine, sub, 'cancellation_requested');
      }
      deleteCustomer(engine, customer.id);
    }
  });
  delete engine.state.testClocks[id];
  emit(engine, 'test_helpers.test_clock.deleted', clock);
  return { id, object: 'test_helpers.test_clock', deleted: true };
}

/**
 * The test clock a request works on: the clock named by `test_clock`, or the clock of the
 * customer that owns the first of `ids` (path ids, then `customer`, `subscription`, …) found.
 */
export function clockForRequest(engine: Engine, ids: readonly unknown[]): string | null {
  const { state } = engine;
  for (const raw of ids) {
    if (typeof raw !== 'string' || !raw) continue;
    if (state.testClocks[raw]) return raw;
    const owner =
      state.customers[raw]?.id ??
      state.subscriptions[raw]?.customer ??
      state.invoices[raw]?.customer ??
      state.invoiceItems[raw]?.customer ??
      state.subscriptionSchedules[raw]?.customer ??
      state.paymentMethods[raw]?.customer ??
      state.paymentIntents[raw]?.customer ??
      state.setupIntents[raw]?.customer ??
      state.checkoutSessions[raw]?.customer ??
      state.portalSessions[raw]?.customer ??
      subscriptionItemOwner(engine, raw);
    const clock = testClockOf(engine, owner);
    if (clock) return clock;
  }
  return null;
}

function subscriptionItemOwner(engine: Engine, id: string): string | null {
  if (!id.startsWith('si_')) return null;
  for (const sub of valuesOf(engine.state.subscriptions))
    if (sub.items.data.some((i) => i.id === id)) return idOf(sub.customer);
  return null;
}
