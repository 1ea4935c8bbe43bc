/** Options of {@link backoffMs}. */
export interface BackoffOptions {
  /** The delay before the first retry (ms). */
  baseMs: number;
  /** The longest delay (ms). */
  maxMs: number;
  /**
   * `none` (default): exactly the doubled delay. `equal`: a random delay between half of it and
   * all of it, so callers that failed together do not all retry at the same moment.
   */
  jitter?: 'none' | 'equal';
}

/**
 * The delay before retry number `attempt` (1-based): `baseMs × 2^(attempt−1)`, at most `maxMs`,
 * jittered when asked. The one backoff of the server (usage delivery, service callbacks).
 *
 * @example
 * backoffMs(3, { baseMs: 1000, maxMs: 60_000 }); // 4000
 */
export function backoffMs(
  attempt: number,
  { baseMs, maxMs, jitter = 'none' }: BackoffOptions,
  random: () => number = Math.random,
): number {
  const delay = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
  return jitter === 'equal' ? delay / 2 + (random() * delay) / 2 : delay;
}
