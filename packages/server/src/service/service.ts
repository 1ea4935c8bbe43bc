import { BillingError, ROUTES } from '@tollgate/core';
import { type Billing, createBilling } from '../create-billing';
import type { Handler } from '../http/endpoint';
import { errorResponse } from '../http/errors';
import { json } from '../http/respond';
import { type Logger, redactingLogger } from '../logger';
import { openApiDocument } from '../openapi/document';
import { migrate } from '../store/migrations';
import { embeddedStoreNotice, openStore } from '../store/open';
import { createBillingView } from './billing-view/billing-view';
import { startCallbacks } from './callbacks/start';
import { checkIdentityConfig, createIdentity } from './identity/identity';
import { jsonLogger, withRequestId } from './json-logger';
import { requestIdOf, withRequestIdHeader } from './request-id';
import type { ServiceConfig } from './service-config';

/** The service as a fetch-style handler, with what it owns. */
export interface Service {
  /** `/health`, the billing routes under `basePath` and the webhook. */
  handler: Handler;
  billing: Billing;
  /** The service's logger (one redacted JSON line per entry unless the config gives another). */
  logger: Logger;
  /**
   * Resolves once the store is migrated and the SQL view `tollgate_user_billing` is in place;
   * rejects with what to fix. `createServer` waits for it before listening.
   */
  ready(): Promise<void>;
  /** Stops callback delivery, then closes what the service opened (a store from a URL or PGlite). */
  close(): Promise<void>;
}

/** Routes that answer without a user: everything else needs an identity. */
const ANONYMOUS: ReadonlySet<string> = new Set([ROUTES.plans.path, ROUTES.webhook.path]);

/**
 * Builds the standalone service: the billing routes with identity from `auth`, `GET /health`,
 * `GET /openapi.json`,
 * a request id on every answer (`X-Request-Id`, the caller's when it sent a plain one) and one
 * JSON log line per request.
 */
export function createService(config: ServiceConfig): Service {
  const auth = checkIdentityConfig(config.auth);
  const logger = redactingLogger(config.logger ?? jsonLogger(config.logLevel ?? 'info'));
  const now = config.now ?? (() => new Date());
  const identity = createIdentity(auth, () => Math.floor(now().getTime() / 1000));
  const store = openStore(config.store);
  const {
    auth: _auth,
    callbacks: callbackConfig,
    logLevel: _level,
    shutdownTimeoutMs: _timeout,
    ...billingConfig
  } = config;
  const callbacks = callbackConfig
    ? startCallbacks(callbackConfig, store.db, config.schema ?? null, logger)
    : null;
  const billing = createBilling({
    ...billingConfig,
    ...(callbacks ? { notify: callbacks.notify(config.notify) } : {}),
    store: store.db,
    // The service owns its database: bring it up to date at start, PostgreSQL included.
    migrate: config.migrate ?? true,
    logger,
    getUser: identity.getUser,
  });
  const basePath = config.basePath ?? '/api/billing';
  const schema = config.schema ?? null;
  // Before traffic: the schema up to date, then the read-only view for apps sharing the database.
  const prepared = (async () => {
    const applied = config.migrate !== false ? await migrate(store.db, schema) : [];
    // The service opened the store itself, so createBilling sees a client: say where the data is.
    if (store.kind === 'pglite') logger.warn(embeddedStoreNotice(applied));
    await createBillingView(store.db, schema, config.catalog, config.policy);
  })();
  prepared.catch(() => undefined);
  const openapi = JSON.stringify(openApiDocument({ basePath }));

  const route = async (req: Request, path: string): Promise<Response> => {
    if (path === '/health') {
      if (req.method !== 'GET') return errorResponse(notAllowed('/health'), logger, 'health');
      const report = await billing.health();
      return json(report, report.status === 'ok' ? 200 : 503);
    }
    if (path === '/openapi.json') {
      if (req.method !== 'GET')
        return errorResponse(notAllowed('/openapi.json'), logger, 'openapi');
      return new Response(openapi, { headers: { 'content-type': 'application/json' } });
    }
    const sub = path.startsWith(basePath) ? path.slice(basePath.length) : null;
    if (sub !== null && !ANONYMOUS.has(sub.replace(/\/$/, '')) && !hasIdentity(req)) {
      return errorResponse(identity.missing(), logger, 'auth');
    }
    return billing.handler(req);
  };

  const handler: Handler = (req) => {
    const requestId = requestIdOf(req);
    return withRequestId(requestId, async () => {
      const started = performance.now();
      const path = new URL(req.url).pathname;
      let response: Response;
      try {
        response = await route(req, path);
      } catch (error) {
        response = errorResponse(error, logger, 'service');
      }
      logger.info('request', {
        method: req.method,
        path,
        status: response.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
      });
      return withRequestIdHeader(response, requestId);
    });
  };

  return {
    handler,
    billing,
    logger,
    ready: () => prepared,
    close: async () => {
      await prepared.catch(() => undefined);
      await callbacks?.stop();
      await store.close();
    },
  };
}

function hasIdentity(req: Request): boolean {
  return req.headers.has('tollgate-user') || req.headers.has('authorization');
}

function notAllowed(path: string): BillingError {
  return new BillingError('METHOD_NOT_ALLOWED', `${path} answers GET.`, {
    details: { allow: 'GET' },
  });
}
