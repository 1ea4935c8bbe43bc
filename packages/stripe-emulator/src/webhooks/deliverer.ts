import { setMaxListeners } from 'node:events';
import { createFaults, type WebhookDeliveryPlan } from '../faults.js';
import { createAgents, send } from './send.js';
import { signatureHeader } from './sign.js';
import type {
  DeliverableEvent,
  Deliverer,
  DelivererOptions,
  DeliveryAttempt,
  DeliveryEndpoint,
} from './types.js';

const DEFAULT_RETRY_SCHEDULE = [1_000, 5_000, 30_000];
const DEFAULT_TIMEOUT_MS = 10_000;

/** The headers Stripe sends with every delivery, minus the signature. */
const STRIPE_HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
  Accept: '*/*; q=0.5, application/xml',
  'Cache-Control': 'no-cache',
};

interface Delivery {
  id: string;
  event: DeliverableEvent;
  body: string;
  endpoint: DeliveryEndpoint;
  url: URL;
  copy: number;
  plan: WebhookDeliveryPlan;
}

function subscribed(endpoint: DeliveryEndpoint, type: string): boolean {
  if (endpoint.status === 'disabled') return false;
  return endpoint.enabled_events.includes('*') || endpoint.enabled_events.includes(type);
}

function checkSchedule(schedule: readonly number[]): readonly number[] {
  for (const ms of schedule) {
    if (!(Number.isFinite(ms) && ms >= 0)) {
      throw new RangeError(`retrySchedule entries must be non-negative milliseconds, got ${ms}`);
    }
  }
  return schedule;
}

/**
 * Creates a webhook deliverer. Deliveries are signed like Stripe's (`Stripe-Signature:
 * t=…,v1=…`, verifiable with `stripe.webhooks.constructEventAsync`), filtered by
 * `enabled_events`, retried on non-2xx or timeout per `retrySchedule`, and recorded per attempt.
 *
 * @example
 * const deliverer = createDeliverer({ endpoints: () => state.webhookEndpoints, faults });
 * deliverer.enqueue(event);
 * await deliverer.idle(); // all delivered or given up
 */
export function createDeliverer(options: DelivererOptions): Deliverer {
  const faults = options.faults ?? createFaults(options.seed ?? 0);
  const schedule = checkSchedule(options.retrySchedule ?? DEFAULT_RETRY_SCHEDULE);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const agents = createAgents();
  const abort = new AbortController();
  // every request in flight listens for the abort; there may be many at once
  setMaxListeners(0, abort.signal);
  const log: DeliveryAttempt[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<unknown>>();
  let idleWaiters: Array<() => void> = [];
  let pending = 0;
  let held: Delivery[] = [];
  let holdTimer: NodeJS.Timeout | null = null;
  let nextId = 1;
  let closed = false;

  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!closed) fn();
    }, ms);
    timers.add(timer);
  };

  const settle = () => {
    pending -= 1;
    if (pending === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  };

  const record = (
    d: Delivery,
    attempt: number,
    startedAt: number,
    result: Pick<DeliveryAttempt, 'outcome' | 'status' | 'error'>,
  ): boolean => {
    const retryDelay = result.outcome === 'delivered' ? undefined : schedule[attempt - 1];
    const finishedAt = Date.now();
    log.push({
      deliveryId: d.id,
      eventId: d.event.id,
      eventType: d.event.type,
      endpointId: d.endpoint.id,
      url: d.endpoint.url,
      copy: d.copy,
      attempt,
      ...result,
      startedAt,
      finishedAt,
      nextRetryAt: retryDelay === undefined ? null : finishedAt + retryDelay,
    });
    if (retryDelay === undefined) return false;
    later(retryDelay, () => attemptDelivery(d, attempt + 1));
    return true;
  };

  const attemptDelivery = (d: Delivery, attempt: number): void => {
    const startedAt = Date.now();
    if (attempt === 1 && d.copy === 1 && d.plan.dropFirst) {
      const error = 'dropped by fault injection';
      if (!record(d, attempt, startedAt, { outcome: 'dropped', status: null, error })) settle();
      return;
    }
    const timestamp = Math.floor(startedAt / 1000);
    const headers = {
      ...STRIPE_HEADERS,
      'Stripe-Signature': signatureHeader(d.body, d.endpoint.secret, timestamp),
    };
    const sending = send(d.url, d.body, headers, {
      timeoutMs,
      agent: agents.for(d.url),
      signal: abort.signal,
    }).then((result) => {
      inFlight.delete(sending);
      if (closed) return;
      const ok = result.status !== null && result.status >= 200 && result.status < 300;
      const outcome = ok ? 'delivered' : 'failed';
      if (!record(d, attempt, startedAt, { outcome, ...result })) settle();
    });
    inFlight.add(sending);
  };

  const start = (d: Delivery): void => {
    later(d.plan.delayMs, () => attemptDelivery(d, 1));
    if (d.plan.duplicate === 'none') return;
    pending += 1;
    const copy: Delivery = { ...d, id: `whdel_${nextId++}`, copy: 2 };
    const gap = d.plan.duplicate === 'concurrent' ? 0 : d.plan.duplicateDelayMs;
    later(d.plan.delayMs + gap, () => attemptDelivery(copy, 1));
  };

  const release = (): void => {
    if (holdTimer) {
      clearTimeout(holdTimer);
      timers.delete(holdTimer);
      holdTimer = null;
    }
    const batch = faults.webhooks.order(held);
    held = [];
    for (const d of batch) start(d);
  };

  return {
    enqueue(event, only) {
      if (closed) return;
      let body: string | undefined;
      for (const endpoint of options.endpoints()) {
        if (only !== undefined && endpoint.id !== only) continue;
        if (!subscribed(endpoint, event.type)) continue;
        body ??= JSON.stringify(event, null, 2);
        pending += 1;
        const d: Delivery = {
          id: `whdel_${nextId++}`,
          event,
          body,
          endpoint: { ...endpoint },
          url: new URL(endpoint.url),
          copy: 1,
          plan: faults.webhooks.plan(event.id, endpoint.id),
        };
        const shuffle = faults.webhooks.shuffleSettings();
        if (!shuffle) {
          start(d);
          continue;
        }
        held.push(d);
        if (held.length >= shuffle.batch) release();
        else if (!holdTimer) {
          holdTimer = setTimeout(release, shuffle.holdMs);
          timers.add(holdTimer);
        }
      }
    },
    get log() {
      return log;
    },
    idle() {
      if (pending === 0 || closed) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      abort.abort();
      await Promise.all(inFlight);
      agents.destroy();
      pending = 0;
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    },
  };
}
