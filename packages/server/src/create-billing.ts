import {
  type BillingSnapshot,
  type BillingStatus,
  type ChangeResponse,
  canAccess as canAccessStatus,
  type RouteName,
} from '@tollgate/core';
import { setSeats } from './billing/set-seats';
import { type BillingConfig, resolveConfig } from './config';
import { userStatus } from './context';
import { createContext } from './create-context';
import { createCancelHandler } from './handlers/cancel';
import { createChangeHandler } from './handlers/change';
import { createCheckoutHandler } from './handlers/checkout';
import { createPlansHandler } from './handlers/plans';
import { createPortalHandler } from './handlers/portal';
import { createPreviewHandler } from './handlers/preview';
import { createResumeHandler } from './handlers/resume';
import { createStatusHandler } from './handlers/status';
import { createUsageHandler } from './handlers/usage';
import { createWebhookHandler } from './handlers/webhook';
import { checkHealth, type HealthReport } from './health';
import { checkingResponses } from './http/check-responses';
import type { Handler } from './http/endpoint';
import { type ReconcileProgress, type ReconcileResult, reconcile } from './reconcile';
import { createRouter } from './router';
import type { DeliveryRound } from './usage/deliverer';
import type { RefusedBatch } from './usage/outbox';
import { type RecordUsageOptions, recordUsage, type UsageRecord } from './usage/record';
import { createUsageRuntime, deliverySettings } from './usage/runtime';
import { createVerifier } from './webhook/verify';

/** What {@link createBilling} returns. */
export interface Billing {
  /** Routes every billing request under `basePath`: `(req: Request) => Promise<Response>`. */
  handler: Handler;
  /** Each route alone, already guarded (auth, CSRF, JSON), for frameworks with their own router. */
  handlers: Record<RouteName, Handler>;
  /** Re-reads a customer from Stripe into the store; serialised and coalesced per customer. */
  syncCustomer(customerId: string): Promise<BillingSnapshot>;
  /** Re-syncs every known customer (and Stripe customers with our metadata). */
  reconcile(options?: {
    concurrency?: number;
    onProgress?: (progress: ReconcileProgress) => void;
  }): Promise<ReconcileResult>;
  /**
   * Records metered usage in the store's outbox and returns at once (idempotent by key); the
   * deliverer sends it to Stripe's Billing Meters. Pass `query` to record it in your transaction.
   *
   * @example
   * await billing.recordUsage(user.id, 'api_calls', 1, { idempotencyKey: requestId });
   */
  recordUsage(
    userId: string,
    meter: string,
    value: number,
    options: RecordUsageOptions,
  ): Promise<UsageRecord>;
  /** The usage outbox: deliver now, list refusals, stop the in-process deliverer. */
  usage: {
    /** Delivers everything due now (what waits out a backoff stays); returns what it did. */
    flush(): Promise<DeliveryRound>;
    /** Meter events Stripe refused for good, newest first, with its reason. */
    refused(limit?: number): Promise<RefusedBatch[]>;
    /** Stops the in-process deliverer (at shutdown); rows left pending are delivered later. */
    stop(): Promise<void>;
  };
  /**
   * Sets a user's seats from your own truth (e.g. their organisation's members): more now, billed
   * with proration; fewer at period end — on a subscription set to end, fewer throws 409
   * `PLAN_UNCHANGED` saying to resume it first. Retry with the same `idempotencyKey`.
   *
   * @example
   * await billing.setSeats(user.id, members.length, { idempotencyKey: `seats:${org.id}:${org.version}` });
   */
  setSeats(
    userId: string,
    seats: number,
    options: { idempotencyKey: string },
  ): Promise<ChangeResponse>;
  /** A user's billing status from the store (no Stripe call). */
  getBillingState(userId: string): Promise<BillingStatus>;
  /** Whether a user's plan grants a boolean feature (or a non-zero limit) right now. */
  canAccess(userId: string, feature: string): Promise<boolean>;
  /** Start-up/health check: store reachable, every catalog price resolvable (names unknown lookup keys and ids). */
  health(): Promise<HealthReport>;
  /**
   * Stops what runs in the background, at shutdown: the usage deliverer and the status cache's
   * listening connection. The store itself is yours to close.
   */
  close(): Promise<void>;
}

/**
 * Builds the billing server from a validated config.
 *
 * @example
 * const billing = createBilling({
 *   stripe: process.env.STRIPE_SECRET_KEY!,
 *   webhookSecret: process.env.STRIPE_WEBHOOK_SECRET!,
 *   catalog, appUrl: 'https://app.example.com', store: new pg.Pool(),
 *   getUser: async (req) => (await auth(req))?.user ?? null,
 * });
 * export default { fetch: billing.handler };
 */
export function createBilling(input: BillingConfig): Billing {
  const config = resolveConfig(input);
  const ctx = createContext(config);
  const { stripe, ready } = ctx;
  const verify = createVerifier({
    stripe,
    secrets: config.webhookSecrets,
    toleranceSeconds: config.webhookToleranceSeconds,
  });
  const usage = createUsageRuntime(
    ctx,
    deliverySettings(config.usage, secretKeyOf(input.stripe)),
    config.usage?.deliver ?? 'in-process',
    config.usage?.pollMs ?? 1000,
  );
  const routes: Record<RouteName, Handler> = {
    plans: createPlansHandler(ctx),
    status: createStatusHandler(ctx),
    checkout: createCheckoutHandler(ctx),
    portal: createPortalHandler(ctx),
    preview: createPreviewHandler(ctx),
    change: createChangeHandler(ctx),
    cancel: createCancelHandler(ctx),
    resume: createResumeHandler(ctx),
    usage: createUsageHandler(ctx, usage),
    webhook: createWebhookHandler(ctx, verify),
  };
  const handlers = config.checkResponses
    ? (Object.fromEntries(
        Object.entries(routes).map(([name, handler]) => [
          name,
          checkingResponses(name as RouteName, handler, config.logger),
        ]),
      ) as Record<RouteName, Handler>)
    : routes;
  const statusEntry = async (userId: string) => {
    await ready();
    return userStatus(ctx, userId);
  };
  return {
    handler: createRouter(config.basePath, handlers, config.logger),
    handlers,
    syncCustomer: async (customerId) => {
      await ready();
      return ctx.sync(customerId);
    },
    reconcile: (options) => reconcile(ctx, options),
    recordUsage: (userId, meter, value, options) =>
      recordUsage(ctx, usage, userId, meter, value, options),
    usage: {
      flush: async () => {
        await ready();
        return usage.deliverer.flush();
      },
      refused: async (limit = 100) => {
        await ready();
        return usage.outbox.refusedBatches(config.store, limit);
      },
      stop: () => usage.stop(),
    },
    setSeats: async (userId, seats, options) => {
      await ready();
      return setSeats(ctx, userId, seats, options?.idempotencyKey);
    },
    // A copy: the caller may change it, and the status cache keeps the original.
    getBillingState: async (userId) => JSON.parse((await statusEntry(userId)).body),
    canAccess: async (userId, feature) =>
      canAccessStatus((await statusEntry(userId)).status, feature),
    health: () => checkHealth(ctx, usage.outbox),
    close: async () => {
      await Promise.all([usage.stop(), ctx.statusCache?.close()]);
    },
  };
}

/** The secret key of a config's `stripe`, when given as a key (a client does not tell). */
function secretKeyOf(stripe: BillingConfig['stripe']): string | null {
  if (typeof stripe === 'string') return stripe;
  if ('secretKey' in stripe && typeof stripe.secretKey === 'string') return stripe.secretKey;
  return null;
}
