import type { ApiFaultResponse } from './api.js';

/** Requests per second the emulator accepts, by kind, before Stripe's 429 `rate_limit`. */
export interface RateLimitOption {
  /** GET requests per second (Stripe: 100 live, 25 in test mode). */
  read: number;
  /** Other requests per second (Stripe: 100 live, 25 in test mode). */
  write: number;
}

/**
 * Stripe's basic API rate limit, read and write requests counted apart per wall-clock second
 * (Stripe's limiter runs on real time, not on a test clock): past the limit a request is answered
 * 429 with Stripe's `rate_limit` error, as Stripe answers it.
 */
export function createRateLimit(current: () => RateLimitOption | null) {
  const windows = { read: { second: 0, used: 0 }, write: { second: 0, used: 0 } };
  return function intercept(method: string): ApiFaultResponse | null {
    const limit = current();
    if (limit === null) return null;
    const kind = method.toUpperCase() === 'GET' ? 'read' : 'write';
    const second = Math.floor(Date.now() / 1000);
    const window = windows[kind];
    if (window.second !== second) {
      window.second = second;
      window.used = 0;
    }
    if (window.used < limit[kind]) {
      window.used += 1;
      return null;
    }
    return {
      status: 429,
      body: {
        error: {
          type: 'invalid_request_error',
          code: 'rate_limit',
          message: `Too many requests hit the API too quickly: this account may make ${limit[kind]} ${kind} requests per second. We recommend an exponential backoff of your requests.`,
          doc_url: 'https://stripe.com/docs/error-codes/rate-limit',
        },
      },
      headers: {},
    };
  };
}
