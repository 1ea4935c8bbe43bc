import type Stripe from 'stripe';
import type { EventBus } from '../events.js';
import type { State } from '../state.js';
import type { ScopedClock } from './clock-scope.js';
import { DAY } from './util.js';

/** What happens when the last dunning retry fails. */
export type DunningOutcome = 'cancel' | 'unpaid' | 'past_due';

/** A deterministic Smart-Retries stand-in. */
export interface DunningSchedule {
  /** Retry times in seconds after the first failed automatic attempt, ascending. */
  retries: number[];
  /** What becomes of the subscription after the last retry fails. */
  outcome: DunningOutcome;
}

/** Stripe's default: up to 8 attempts in two weeks, then cancel. */
export const DEFAULT_DUNNING: DunningSchedule = {
  retries: [1, 3, 5, 7, 9, 11, 14].map((d) => d * DAY),
  outcome: 'cancel',
};

/** The request an event was caused by (`event.request`). */
export interface RequestInfo {
  id: string | null;
  idempotency_key: string | null;
}

/** The engine: state, clock, event bus and settings that every operation works on. */
export interface Engine {
  state: State;
  /** The emulator clock, or a test clock's time while work for its objects runs. */
  clock: ScopedClock;
  bus: EventBus;
  config: {
    /** Base URL for hosted pages, e.g. `http://127.0.0.1:12111`. */
    baseUrl: string;
    dunning: DunningSchedule;
    /** Meter events accepted per wall-clock second before 429 (default 1,000, Stripe's live-mode limit). */
    meterEventRateLimit?: number;
    /**
     * Seconds (emulator clock) before a meter event shows in `listEventSummaries`: Stripe
     * aggregates meter events asynchronously. Default 0; invoices always bill every event.
     */
    meterSummaryDelaySeconds?: number;
  };
  /** Set by the HTTP layer while a request runs; `null` for clock-driven work. */
  request: RequestInfo | null;
  /** Sends a stored event to the webhook endpoints again (or to one), as `stripe events resend` does. */
  redeliver: (event: Stripe.Event, endpointId: string | null) => void;
}
