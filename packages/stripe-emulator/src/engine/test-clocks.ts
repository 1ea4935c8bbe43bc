import type Stripe from 'stripe';
import { invalidRequest, missingParam } from '../errors.js';
import { newId } from '../ids.js';
import type { Engine } from './context.js';
import { emit, update } from './emit.js';
import { DAY, must } from './util.js';

/**
 * Test clocks sit on the single emulator clock: creating one records its `frozen_time`;
 * advancing one moves the emulator clock (and so every object) forward to that time.
 */
export function createTestClock(
  engine: Engine,
  input: { frozen_time: number; name?: string },
): Stripe.TestHelpers.TestClock {
  if (input.frozen_time === undefined || Number.isNaN(input.frozen_time))
    throw missingParam('frozen_time');
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

/** Advances a test clock (and the emulator clock) to `frozen_time`; emits `advancing` then `ready`. */
export function advanceTestClock(
  engine: Engine,
  id: string,
  frozenTime: number,
): Stripe.TestHelpers.TestClock {
  const clock = must(engine.state.testClocks, id, 'test_helpers.test_clock', 'test_clock');
  if (frozenTime === undefined || Number.isNaN(frozenTime)) throw missingParam('frozen_time');
  if (frozenTime <= clock.frozen_time) {
    throw invalidRequest(
      "The frozen_time must be after the test clock's current frozen_time.",
      'frozen_time',
    );
  }
  update(engine, 'test_helpers.test_clock.advancing', clock, (c) => {
    c.status = 'advancing';
  });
  engine.clock.freeze();
  if (frozenTime > engine.clock.now()) engine.clock.advance({ until: frozenTime });
  update(engine, 'test_helpers.test_clock.ready', clock, (c) => {
    c.status = 'ready';
    c.frozen_time = frozenTime;
  });
  return clock;
}

/** Deletes a test clock; emits `test_helpers.test_clock.deleted`. */
export function deleteTestClock(
  engine: Engine,
  id: string,
): { id: string; object: 'test_helpers.test_clock'; deleted: true } {
  const clock = must(engine.state.testClocks, id, 'test_helpers.test_clock', 'test_clock');
  delete engine.state.testClocks[id];
  emit(engine, 'test_helpers.test_clock.deleted', clock);
  return { id, object: 'test_helpers.test_clock', deleted: true };
}
