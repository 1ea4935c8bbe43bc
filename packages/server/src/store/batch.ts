/**
 * Turns a statement that takes many inputs into a function of one input, grouping concurrent
 * calls: a call made while no batch is running is sent at once (a lone caller never waits),
 * calls made while a batch is running are sent together as the next one, up to `max` each.
 * Under load many events, or many `/status` reads, share one round trip and one commit; with
 * one caller it is exactly one statement per call.
 *
 * `run` answers one output per input, in order; when it throws, every call of that batch rejects.
 */
export function batched<I, O>(
  run: (inputs: I[]) => Promise<O[]>,
  max = 64,
): (input: I) => Promise<O> {
  interface Call {
    input: I;
    resolve: (output: O) => void;
    reject: (error: unknown) => void;
  }
  let queue: Call[] = [];
  let running = false;

  const flush = async () => {
    running = true;
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
    running = false;
  };

  return (input) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ input, resolve, reject });
      if (!running) void flush();
    });
}
