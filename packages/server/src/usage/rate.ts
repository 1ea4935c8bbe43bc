/** A token bucket: at most `perSecond` takes per second, with bursts up to one second's worth. */
export interface RateLimiter {
  /** Resolves when a call may go out. */
  take(): Promise<void>;
  /** Stop sending for `ms` (after Stripe answered 429). */
  pause(ms: number): void;
}

/** A limiter for `perSecond` calls per second (wall clock). */
export function rateLimiter(perSecond: number): RateLimiter {
  let tokens = perSecond;
  let updated = Date.now();
  let pausedUntil = 0;
  const refill = () => {
    const now = Date.now();
    tokens = Math.min(perSecond, tokens + ((now - updated) / 1000) * perSecond);
    updated = now;
  };
  return {
    async take() {
      for (;;) {
        const now = Date.now();
        if (now < pausedUntil) {
          await sleep(pausedUntil - now);
          continue;
        }
        refill();
        if (tokens >= 1) {
          tokens -= 1;
          return;
        }
        await sleep(Math.ceil(((1 - tokens) / perSecond) * 1000));
      }
    },
    pause(ms) {
      pausedUntil = Math.max(pausedUntil, Date.now() + ms);
      tokens = 0;
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
