/**
 * `startEmulator`: state + clock + engine + HTTP server (+ webhook deliverer and faults).
 *
 * Wiring points (emulator B): the deliverer is subscribed to the event bus below
 * (`bus.subscribe(deliverer.enqueue)`), API faults intercept requests through
 * `createApiHandler({intercept})`, and hosted pages are mounted through the `pages` hook of
 * `createApiHandler` — pass `handlePage(req, res, engine, ctx)` there.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Stripe from 'stripe';
import { type Clock, createClock } from './clock.js';
import { DEFAULT_DUNNING, type DunningSchedule, type Engine } from './engine/context.js';
import { createEngine, runDue } from './engine/index.js';
import { createWebhookEndpoint } from './engine/webhook-endpoints.js';
import { createEventBus, type EventListener } from './events.js';
import { createRateLimit, type RateLimitOption } from './faults/rate-limit.js';
import { createFaults, type Faults } from './faults.js';
import { createRouter } from './http/router.js';
import { createApiHandler, type RequestRecord } from './http/server.js';
import { randomToken } from './ids.js';
import { handlePage } from './pages/index.js';
import { routes } from './resources/index.js';
import { completeState, createState, type State, valuesOf } from './state.js';
import { createDeliverer, type DeliveryAttempt } from './webhooks/index.js';

/** A webhook endpoint to register at start-up. */
export interface WebhookOption {
  url: string;
  /** Signing secret; default: the emulator's `webhookSecret`. */
  secret?: string;
  /** Event types; default all (`*`). */
  events?: string[];
}

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Webhook endpoints to deliver events to. */
  webhooks?: WebhookOption[];
  /** Start time (unix seconds or Date). Given a start, the clock starts frozen unless `frozen: false`. */
  start?: number | Date;
  /** Start with a frozen clock (default: frozen iff `start` is given). */
  frozen?: boolean;
  /** Dunning retry schedule (seconds after the first failure) and final outcome. */
  dunning?: Partial<DunningSchedule>;
  /**
   * `POST /v1/billing/meter_events` calls accepted per second before Stripe's 429 `rate_limit`
   * (default 1,000, the live-mode limit; Stripe's test mode counts them toward its basic limit).
   */
  meterEventRateLimit?: number;
  /**
   * Seconds (emulator clock) before a meter event shows in meter event summaries, which Stripe
   * keeps eventually consistent (it aggregates meter events asynchronously). Default 0.
   */
  meterSummaryDelaySeconds?: number;
  /**
   * Stripe's basic rate limit, requests per wall-clock second (`{read: 25, write: 25}` is test
   * mode's, `{read: 100, write: 100}` live mode's): past it a request answers 429 `rate_limit`.
   * Default: no limit.
   */
  rateLimit?: RateLimitOption;
  /** Seed for reproducible fault injection. */
  seed?: number;
  /** Retry delays (ms) for failed webhook deliveries; compress in tests. */
  webhookRetrySchedule?: number[];
  /** A state to resume from (a snapshot). */
  state?: State;
  /** Secret key to print; any `sk_test_…` key is accepted. */
  secretKey?: string;
  /** Default signing secret for start-up webhooks. */
  webhookSecret?: string;
  /** Hosted pages: answer a non-/v1 request, resolving true when handled. */
  pages?: (req: IncomingMessage, res: ServerResponse, engine: Engine) => Promise<boolean>;
}

/** Stored events, newest last, plus a way to follow new ones. */
export interface EmulatorEvents {
  /** Every event emitted so far, oldest first. */
  all(): Stripe.Event[];
  /** Events of one type, oldest first. */
  ofType(type: string): Stripe.Event[];
  /** Calls `listener` for each new event; returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void;
}

/** A running emulator. */
export interface Emulator {
  url: string;
  port: number;
  secretKey: string;
  publishableKey: string;
  webhookSecret: string;
  clock: Clock;
  events: EmulatorEvents;
  /** Every webhook delivery attempt, in the order they finished. */
  deliveries: {
    readonly log: readonly DeliveryAttempt[];
    /** Resolves when every queued delivery has been delivered or given up. */
    idle(): Promise<void>;
  };
  /** API requests received (most recent 10 000). */
  requests: readonly RequestRecord[];
  faults: Faults;
  /** Switches Stripe's rate limit on (see `rateLimit` in the options) or off (`null`). */
  setRateLimit(limit: RateLimitOption | null): void;
  /** All Stripe objects (JSON-serialisable; see `saveSnapshot`). */
  state: State;
  /** Resolves when every queued webhook delivery has been delivered or given up. */
  idle(): Promise<void>;
  /** The engine (state, clock, bus) — for hosted pages, snapshots and engine-level test steps. */
  engine: Engine;
  close(): Promise<void>;
}

/**
 * Starts a Stripe emulator on a local port.
 * @example
 * const emulator = await startEmulator({ start: new Date('2026-01-01') });
 * const stripe = createStripeClient(emulator);
 * await stripe.customers.create({ email: 'a@example.com' });
 * emulator.clock.advance(31 * 86_400); // renewals, trial ends, dunning run in order
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? '127.0.0.1';
  const state = options.state ? completeState(options.state) : createState();
  const clock = createClock({
    ...(options.start !== undefined ? { start: options.start } : {}),
    ...(options.frozen !== undefined ? { frozen: options.frozen } : {}),
  });
  const bus = createEventBus();
  const engine = createEngine({
    state,
    clock,
    bus,
    baseUrl: 'http://127.0.0.1',
    dunning: { ...DEFAULT_DUNNING, ...options.dunning },
    ...(options.meterEventRateLimit !== undefined
      ? { meterEventRateLimit: options.meterEventRateLimit }
      : {}),
    ...(options.meterSummaryDelaySeconds !== undefined
      ? { meterSummaryDelaySeconds: options.meterSummaryDelaySeconds }
      : {}),
  });
  const secretKey = options.secretKey ?? `sk_test_emulator_${randomToken(24)}`;
  const webhookSecret = options.webhookSecret ?? `whsec_${randomToken(32)}`;
  for (const hook of options.webhooks ?? []) {
    const secret = hook.secret ?? webhookSecret;
    const existing = valuesOf(state.webhookEndpoints).find((e) => e.url === hook.url);
    if (existing) existing.secret = secret;
    else createWebhookEndpoint(engine, { url: hook.url, secret, enabled_events: hook.events });
  }
  const faults = createFaults(options.seed ?? 0);
  const deliverer = createDeliverer({
    endpoints: () =>
      valuesOf(state.webhookEndpoints).map((e) => ({
        id: e.id,
        url: e.url,
        secret: e.secret,
        enabled_events: e.enabled_events,
        status: e.status === 'disabled' ? ('disabled' as const) : ('enabled' as const),
      })),
    faults,
    ...(options.webhookRetrySchedule ? { retrySchedule: options.webhookRetrySchedule } : {}),
  });
  const unsubscribe = bus.subscribe((event) => deliverer.enqueue(event));
  engine.redeliver = (event, endpointId) => deliverer.enqueue(event, endpointId ?? undefined);
  const requests: RequestRecord[] = [];
  let limit: RateLimitOption | null = options.rateLimit ?? null;
  const rateLimit = createRateLimit(() => limit);
  const pages = options.pages ?? ((req, res, e) => handlePage(req, res, { engine: e }));
  const handler = createApiHandler({
    engine,
    router: createRouter(routes),
    requests,
    intercept: (method, path) => rateLimit(method) ?? faults.api.intercept(method, path),
    pages: (req: IncomingMessage, res: ServerResponse) => pages(req, res, engine),
  });
  const server = createServer((req, res) => {
    handler(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(error));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  engine.config.baseUrl = url;
  // With a running clock, work falls due by itself (renewals, retries): check once a second.
  const ticker = setInterval(() => {
    if (!clock.frozen) runDue(engine, clock.now());
  }, 1000);
  ticker.unref();
  const events: EmulatorEvents = {
    all: () => valuesOf(state.events),
    ofType: (type) => valuesOf(state.events).filter((e) => e.type === type),
    subscribe: (listener) => bus.subscribe(listener),
  };
  return {
    url,
    port,
    secretKey,
    publishableKey: secretKey.replace(/^sk_test_/, 'pk_test_'),
    webhookSecret,
    clock,
    events,
    deliveries: {
      get log() {
        return deliverer.log;
      },
      idle: () => deliverer.idle(),
    },
    requests,
    faults,
    setRateLimit(next) {
      limit = next;
    },
    state,
    idle: () => deliverer.idle(),
    engine,
    async close() {
      clearInterval(ticker);
      unsubscribe();
      await deliverer.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
