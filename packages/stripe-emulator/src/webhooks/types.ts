import type { Faults } from '../faults.js';

/** A webhook endpoint as the deliverer sees it (read afresh for every event). */
export interface DeliveryEndpoint {
  id: string;
  url: string;
  /** The signing secret, `whsec_…`. */
  secret: string;
  /** Event types to send; `'*'` means all. */
  enabled_events: readonly string[];
  /** Disabled endpoints receive nothing. Default `enabled`. */
  status?: 'enabled' | 'disabled';
}

/** The part of a Stripe event the deliverer needs; the whole object is sent as the body. */
export interface DeliverableEvent {
  id: string;
  type: string;
}

/** What became of one attempt. */
export type AttemptOutcome = 'delivered' | 'failed' | 'dropped';

/** One attempt to deliver one copy of an event to one endpoint. */
export interface DeliveryAttempt {
  /** One id per event × endpoint × copy; retries share it. */
  deliveryId: string;
  eventId: string;
  eventType: string;
  endpointId: string;
  url: string;
  /** 1, or 2 for an injected duplicate. */
  copy: number;
  /** 1 for the first try, 2 for the first retry, … */
  attempt: number;
  /** `delivered` on 2xx; `failed` on any other status or a transport error; `dropped` when a fault lost it. */
  outcome: AttemptOutcome;
  /** The endpoint's HTTP status, or `null` when none arrived. */
  status: number | null;
  /** The transport error (refused, timed out, dropped by fault injection), or `null`. */
  error: string | null;
  /** Epoch ms when the attempt started and ended (wall time, not the emulator clock). */
  startedAt: number;
  finishedAt: number;
  /** Epoch ms of the retry this failure scheduled; `null` when delivered or given up. */
  nextRetryAt: number | null;
}

/** Options of {@link createDeliverer}. */
export interface DelivererOptions {
  /** Current endpoints; called once per enqueued event. */
  endpoints: () => readonly DeliveryEndpoint[];
  /** Seed for a private {@link Faults} when `faults` is not given. */
  seed?: number;
  /** Fault controls shared with the rest of the emulator. */
  faults?: Faults;
  /**
   * Delays in ms before each retry; its length is the number of retries. Compress it in tests
   * (`[50, 100, 200]`). Default `[1000, 5000, 30000]`. Drop-then-retry faults need at least one
   * retry here, or the dropped event is lost.
   */
  retrySchedule?: readonly number[];
  /** How long to wait for an endpoint's response. Default (and Stripe's) 10 000 ms. */
  timeoutMs?: number;
}

/** Signs, sends, retries and records webhook deliveries. */
export interface Deliverer {
  /** Queues `event` for every enabled endpoint subscribed to its type. Returns at once. */
  /** Delivers `event` to every subscribed endpoint, or only to endpoint `only`. */
  enqueue(event: DeliverableEvent, only?: string): void;
  /** Every attempt so far, in the order they finished. */
  readonly log: readonly DeliveryAttempt[];
  /** Resolves when every queued delivery has been delivered or given up. */
  idle(): Promise<void>;
  /** Cancels pending retries, aborts requests in flight and frees sockets. */
  close(): Promise<void>;
}
