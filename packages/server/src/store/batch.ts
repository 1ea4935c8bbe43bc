import type { Queryable } from './types';

/** How {@link batched} groups calls. */
export interface BatchOptions {
  /** Most inputs in one statement. */
  max?: number;
  /** Statements in flight at once (a pool runs them side by side; one connection would queue). */
  lanes?: number;
}

/**
 * Turns a statement that takes many inputs into a function of one input, grouping concurrent
 * calls: a call made while fewer than `lanes` batches are running is sent at once (a lone caller
 * never waits); calls made while every lane is busy are sent together as the next batch, up to
 * `max` each, by the first lane to come free. Under load many events, or many `/status` reads,
 * share one round trip and one commit; with one caller it is exactly one statement per call.
 *
 * `run` answers one output per input, in order; when it throws, every call of that batch rejects.
 */
export function batched<I, O>(
  run: (inputs: I[]) => Promise<O[]>,
  { max = 64, lanes = 1 }: BatchOptions = {},
): (input: I) => Promise<O> {
  interface Call {
    input: I;
    resolve: (output: O) => void;
    reject: (error: unknown) => void;
  }
  let queue: Call[] = [];
  let running = 0;

  const flush = async () => {
    running++;
    while (queue.length > 0) {
      const calls = queue.slice(0, max);
      queue = queue.slice(calls.length);
      try {
        const outputs = await run(calls.map((call) => call.input));
        for (const [i, call] of calls.entries()) call.resolve(outputs[i] as O);
      } catch (error) {
        for (const call of calls) call.reject(error);
      }
    }
    running--;
  };

  return (input) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ input, resolve, reject });
      if (running < lanes) void flush();
    });
}

/**
 * The most statements the store keeps in flight, whatever the pool's size. Two keep the
 * database busy while the other batch's answer travels back; on the benchmark machine four were
 * no faster than two (they only add commits and contention), one left the server half idle.
 */
const MAX_LANES = 2;

/**
 * How many statements the store sends at once over `db`: its pool's size (`options.max`), at
 * most {@link MAX_LANES}; 1 without one — PGlite has one connection, so a second statement
 * would only queue behind the first.
 */
export function lanesFor(db: Queryable): number {
  const max = db.options?.max;
  return typeof max === 'number' && max > 1 ? Math.min(max, MAX_LANES) : 1;
}
