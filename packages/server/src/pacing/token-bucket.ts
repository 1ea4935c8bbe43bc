/** Options of {@link tokenBucket}. */
export interface TokenBucketOptions {
  /** Tokens added per second. */
  perSecond: number;
  /** Tokens the bucket holds at most: how many calls may start at once after a quiet spell. */
  burst: number;
  /** A monotonic clock in ms (default `performance.now`). */
  now?: () => number;
}

/** A token bucket with a first-come, first-served line of waiters: see {@link tokenBucket}. */
export interface TokenBucket {
  /** Takes a token if one is there and nobody is waiting for one. */
  tryTake(): boolean;
  /** Resolves once this caller has its token, after everyone who asked before it. */
  take(): Promise<void>;
  /** How many callers wait for a token. */
  readonly waiting: number;
  /** Hands out no token for `ms` and starts refilling from empty after it (Stripe answered 429). */
  pause(ms: number): void;
}

/**
 * The one rate limiter of the server: refilled at `perSecond`, holding at most `burst` tokens,
 * so no window of a second sees more than `burst + perSecond` calls. Waiters are woken by one
 * timer, in the order they asked.
 *
 * @example
 * const bucket = tokenBucket({ perSecond: 25, burst: 25 });
 * await bucket.take();
 * await stripe.billing.meterEvents.create(event);
 */
export function tokenBucket({
  perSecond,
  burst,
  now = () => performance.now(),
}: TokenBucketOptions): TokenBucket {
  let tokens = burst;
  let refilledAt = now();
  let pausedUntil = Number.NEGATIVE_INFINITY;
  const line: (() => void)[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;

  const refill = () => {
    const at = now();
    if (at < pausedUntil) return;
    const from = Math.max(refilledAt, pausedUntil);
    tokens = Math.min(burst, tokens + ((at - from) / 1000) * perSecond);
    refilledAt = at;
  };
  const schedule = () => {
    if (timer || line.length === 0) return;
    const at = now();
    const ms = at < pausedUntil ? pausedUntil - at : ((1 - tokens) / perSecond) * 1000;
    timer = setTimeout(wake, Math.max(0, Math.ceil(ms)));
  };
  const wake = () => {
    timer = null;
    refill();
    while (line.length > 0 && tokens >= 1) {
      tokens -= 1;
      line.shift()!();
    }
    schedule();
  };

  const tryTake = () => {
    refill();
    if (line.length > 0 || tokens < 1) return false;
    tokens -= 1;
    return true;
  };

  return {
    tryTake,
    take() {
      if (tryTake()) return Promise.resolve();
      return new Promise<void>((resolve) => {
        line.push(resolve);
        schedule();
      });
    },
    get waiting() {
      return line.length;
    },
    pause(ms) {
      pausedUntil = Math.max(pausedUntil, now() + ms);
      tokens = 0;
      if (timer) clearTimeout(timer);
      timer = null;
      schedule();
    },
  };
}
