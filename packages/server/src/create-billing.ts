import {
  type BillingSnapshot,
  type BillingStatus,
  type ChangeResponse,
  canAccess as canAccessStatus,
  type RouteName,
} from '@tollgate/core';
import { setSeats } from './billing/set-seats';
import { type BillingConfig, resolveConfig } from './config';
import { statusOf } from './context';
import { createContext } from './create-context';
import { createCancelHandler } from './handlers/cancel';
import { createChangeHandler } from './handlers/change';
import { createCheckoutHandler } from './handlers/checkout';
import { createPlansHandler } from './handlers/plans';
import { createPortalHandler } from './handlers/portal';
import { createPreviewHandler } from './handlers/preview';
import { createResumeHandler } from './handlers/resume';
import { createStatusHandler } from './handlers/status';
import { createWebhookHandler } from './handlers/webhook';
import { checkHealth, type HealthReport } from './health';
import { checkingResponses } from './http/check-responses';
import type { Handler } from './http/endpoint';
import { type ReconcileProgress, type ReconcileResult, reconcile } from './reconcile';
import { createRouter } from './router';
import { reportUsage, type UsageReport } from './usage';
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
  /** Records metered usage for a user through Billing Meters (idempotent by key). */
  reportUsage(
    userId: string,
    meter: string,
    value: number,
    idempotencyKey: string,
  ): Promise<UsageReport>;
  /**
   * Sets a user's seats from your own truth (e.g. their organisation's members): more now, billed
   * with proration; fewer at period end. Retry with the same `idempotencyKey`.
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
  /** Start-up/health check: store reachable, every catalog price resolvable (names unknown lookup keys). */
  health(): Promise<HealthReport>;
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
  const { stripe, store, ready } = ctx;
  const verify = createVerifier({
    stripe,
    secrets: config.webhookSecrets,
    toleranceSeconds: config.webhookToleranceSeconds,
  });
  const routes: Record<RouteName, Handler> = {
    plans: createPlansHandler(ctx),
    status: createStatusHandler(ctx),
    checkout: createCheckoutHandler(ctx),
    portal: createPortalHandler(ctx),
    preview: createPreviewHandler(ctx),
    change: createChangeHandler(ctx),
    cancel: createCancelHandler(ctx),
    resume: createResumeHandler(ctx),
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
  const getBillingState = async (userId: string) => {
    await ready();
    return statusOf(ctx, await store.readUser(userId));
  };
  return {
    handler: createRouter(config.basePath, handlers, config.logger),
    handlers,
    syncCustomer: async (customerId) => {
      await ready();
      return ctx.sync(customerId);
    },
    reconcile: (options) => reconcile(ctx, options),
    reportUsage: (userId, meter, value, key) => reportUsage(ctx, userId, meter, value, key),
    setSeats: async (userId, seats, options) => {
      await ready();
      return setSeats(ctx, userId, seats, options?.idempotencyKey);
    },
    getBillingState,
    canAccess: async (userId, feature) => canAccessStatus(await getBillingState(userId), feature),
    health: () => checkHealth(ctx),
  };
}
