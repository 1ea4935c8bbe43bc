/**
 * The emulator clock. Real time by default; `freeze()` stops it and `advance()` moves it,
 * running everything that falls due (renewals, trial ends, dunning retries…) in time order.
 */
export interface Clock {
  /** Current emulator time in unix seconds. */
  now(): number;
  /** Stops time at the current instant (or at `at`, unix seconds, if later). */
  freeze(at?: number): void;
  /** Lets time run again in step with the wall clock, from the current emulator time. */
  unfreeze(): void;
  /** Moves time forward by `seconds`, or to `{until}` (unix seconds), running due work. Returns the new time. */
  advance(by: number | { until: number }): number;
  /** Whether the clock is frozen. */
  readonly frozen: boolean;
}

/** The clock plus the hooks the engine uses to run work as time passes. */
export interface EngineClock extends Clock {
  /** Sets the current time (never backwards); used by the scheduler while it runs due work. */
  set(at: number): void;
  /** Registers the function that runs everything due up to `until`. */
  onAdvance(runner: (until: number) => void): void;
}

/** Options for {@link createClock}. */
interface ClockOptions {
  /** Start time, unix seconds or a Date. Default: now. */
  start?: number | Date;
  /** Start frozen. Default: true when `start` is given, false otherwise. */
  frozen?: boolean;
}

const toSeconds = (t: number | Date): number =>
  t instanceof Date ? Math.floor(t.getTime() / 1000) : Math.floor(t);

/** Creates an emulator clock. */
export function createClock(options: ClockOptions = {}): EngineClock {
  let base = options.start === undefined ? Date.now() / 1000 : toSeconds(options.start);
  let anchor = Date.now();
  let frozen = options.frozen ?? options.start !== undefined;
  let runner: ((until: number) => void) | null = null;
  const current = (): number => (frozen ? base : base + (Date.now() - anchor) / 1000);
  const set = (at: number): void => {
    const now = current();
    base = Math.max(now, at);
    anchor = Date.now();
  };
  return {
    now: () => Math.floor(current()),
    get frozen() {
      return frozen;
    },
    freeze(at) {
      set(at ?? current());
      base = Math.floor(base);
      frozen = true;
    },
    unfreeze() {
      set(current());
      frozen = false;
    },
    advance(by) {
      const until = typeof by === 'number' ? Math.floor(current()) + by : toSeconds(by.until);
      if (!Number.isFinite(until))
        throw new RangeError('advance() needs a number of seconds or {until}');
      if (runner) runner(until);
      set(until);
      return Math.floor(current());
    },
    set,
    onAdvance(fn) {
      runner = fn;
    },
  };
}
