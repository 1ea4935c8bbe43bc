import { StripeApiError } from '../errors.js';
import type { Engine } from './context.js';

/** Stripe's live-mode limit on `POST /v1/billing/meter_events`: 1,000 calls per second. */
export const DEFAULT_METER_EVENT_RATE_LIMIT = 1000;

const windows = new WeakMap<Engine, { second: number; used: number }>();

/**
 * Counts one meter event against the per-second limit (wall-clock seconds, as Stripe's limiter
 * runs on real time, not on a test clock) and answers 429 `rate_limit` past it.
 */
export function takeMeterEventSlot(engine: Engine): void {
  const limit = engine.config.meterEventRateLimit ?? DEFAULT_METER_EVENT_RATE_LIMIT;
  const second = Math.floor(Date.now() / 1000);
  const window = windows.get(engine);
  if (!window || window.second !== second) {
    windows.set(engine, { second, used: 1 });
    return;
  }
  if (window.used >= limit) {
    throw new StripeApiError(429, {
      type: 'invalid_request_error',
      code: 'rate_limit',
      message: `Too many meter events: this account may send ${limit} per second to /v1/billing/meter_events. Back off and retry, or aggregate usage into fewer events.`,
    });
  }
  window.used += 1;
}
