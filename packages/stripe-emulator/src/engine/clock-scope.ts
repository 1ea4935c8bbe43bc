import type { EngineClock } from '../clock.js';

/**
 * The engine's clock: the process-wide emulator clock, except while work for a test clock's
 * objects runs — then `now()` is that test clock's time, so what it creates and the events it
 * emits carry the test clock's time, and the scheduler moves only that time forward.
 */
export interface ScopedClock extends EngineClock {
  /** Runs `fn` with `now()` at `at` (a test clock's time); `null` runs it on the emulator clock. */
  within<T>(at: number | null, fn: () => T): T;
  /** The test clock time in force, or `null` on the emulator clock. */
  readonly scope: number | null;
}

/** Wraps the emulator clock so the engine can run work on a test clock's time. */
export function scopedClock(base: EngineClock): ScopedClock {
  let scope: number | null = null;
  return {
    now: () => scope ?? base.now(),
    get frozen() {
      return base.frozen;
    },
    get scope() {
      return scope;
    },
    freeze: (at) => base.freeze(at),
    unfreeze: () => base.unfreeze(),
    advance: (by) => base.advance(by),
    onAdvance: (runner) => base.onAdvance(runner),
    set(at) {
      if (scope === null) base.set(at);
      else scope = Math.max(scope, at);
    },
    within(at, fn) {
      const previous = scope;
      scope = at;
      try {
        return fn();
      } finally {
        scope = previous;
      }
    },
  };
}
