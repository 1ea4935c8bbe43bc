/**
 * Fault injection for the emulator, reproducible from a seed: the same seed and the same
 * sequence of requests/events give the same faults.
 *
 * @example
 * const faults = createFaults(42);
 * faults.api.fail({ status: 500, times: 2, path: '/v1/customers/*' }); // next 2 matching calls fail
 * faults.api.fail({ status: 429, rate: 0.1 });                         // 10 % of calls rate-limited
 * faults.webhooks.duplicate();                // every event delivered twice
 * faults.webhooks.shuffle({ batch: 4 });      // hold 4 deliveries, release them shuffled
 * faults.webhooks.dropThenRetry({ rate: 0.5 });
 * faults.reset();
 */
import { type ApiFaults, createApiFaults } from './faults/api.js';
import { createWebhookFaults, type WebhookFaults } from './faults/webhooks.js';

export type {
  ApiFaultRecord,
  ApiFaultResponse,
  ApiFaultRule,
  ApiFaultStatus,
  ApiFaults,
} from './faults/api.js';
export type {
  DuplicateMode,
  ShuffleSettings,
  WebhookDeliveryPlan,
  WebhookFaultDecision,
  WebhookFaults,
} from './faults/webhooks.js';

/** All fault controls of one emulator. */
export interface Faults {
  /** The seed every PRNG stream derives from. */
  readonly seed: number;
  /** 500/429 injection for the next N requests or at a rate, optionally scoped. */
  readonly api: ApiFaults;
  /** Duplicates, shuffling, delays, drop-then-retry and concurrent duplicates of deliveries. */
  readonly webhooks: WebhookFaults;
  /** Turns every fault off and rewinds all PRNG streams to the seed. */
  reset(): void;
}

/**
 * Creates fault controls. Everything is off until switched on.
 * @param seed any integer; the default 0 is as reproducible as any other.
 */
export function createFaults(seed = 0): Faults {
  if (!Number.isInteger(seed)) throw new TypeError(`faults seed must be an integer, got ${seed}`);
  const api = createApiFaults(seed);
  const webhooks = createWebhookFaults(seed);
  return {
    seed,
    api,
    webhooks,
    reset() {
      api.reset();
      webhooks.reset();
    },
  };
}
