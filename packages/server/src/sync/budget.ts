import { BillingError } from '@tollgate/core';
import { tokenBucket } from '../pacing/token-bucket';

/** Options of {@link createReadBudget} (config `stripeReads`). */
export interface ReadBudgetOptions {
  /** Stripe reads started per second, at most (a quarter of it may start at once). */
  perSecond: number;
  /** Reads waiting for the budget, at most; past it a read is refused with `RATE_LIMITED`. */
  queue: number;
}

/** Runs Stripe reads within a rate: see {@link createReadBudget}. */
export interface ReadBudget {
  /** Runs `read` once the budget allows, or throws `RATE_LIMITED` when the queue is full. */
  run<T>(read: () => Promise<T>): Promise<T>;
}

/**
 * Stripe limits each account's API calls (on the order of 100/s live, 25/s in test mode), and
 * the app's own calls share that limit. The webhook pipeline's reads go through this budget —
 * a token bucket refilled at `perSecond`, holding a quarter second's worth, so that no second
 * (however Stripe's window falls) sees more than 1.25 × `perSecond` — so a renewal wave of thousands of customers is read at
 * a steady rate instead of tripping Stripe's 429s. Reads past the rate wait in a queue, first
 * come first served; when `queue` are already waiting, the read is refused at once with
 * `RATE_LIMITED` (the webhook answers 429 and Stripe delivers the event again later).
 *
 * @example
 * const budget = createReadBudget({ perSecond: 20, queue: 100 });
 * const customer = await budget.run(() => stripe.customers.retrieve(id));
 */
export function createReadBudget(
  { perSecond, queue }: ReadBudgetOptions,
  now: () => number = () => performance.now(),
): ReadBudget {
  const bucket = tokenBucket({ perSecond, burst: Math.max(1, Math.floor(perSecond / 4)), now });
  return {
    async run(read) {
      if (bucket.tryTake()) return read();
      if (bucket.waiting >= queue) {
        const retryAfter = Math.ceil((bucket.waiting + 1) / perSecond);
        throw new BillingError(
          'RATE_LIMITED',
          `Tollgate's Stripe read budget is full (${perSecond} reads/s, ${queue} waiting) — Stripe will deliver this event again later. Raise stripeReads.perSecond if your Stripe rate limit leaves room.`,
          { details: { retryAfter } },
        );
      }
      await bucket.take();
      return read();
    },
  };
}
