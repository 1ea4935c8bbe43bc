import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_VERSION } from '../api-version.js';
import type { Engine } from '../engine/context.js';
import { runDue } from '../engine/scheduler.js';
import { clockForRequest, onTestClock } from '../engine/test-clocks.js';
import { StripeApiError, type StripeErrorBody } from '../errors.js';
import { randomToken } from '../ids.js';
import type { SavedResponse } from '../state.js';
import { withExpansions } from './expand.js';
import { parseForm } from './form.js';
import { reader } from './params.js';
import type { Router } from './router.js';
import { validateParams } from './schema.js';

/** One API request as the emulator saw it (`emulator.requests`). */
export interface RequestRecord {
  id: string;
  method: string;
  path: string;
  status: number;
  idempotencyKey: string | null;
  replayed: boolean;
  at: number;
}

/** A canned answer from fault injection. */
interface InterceptedResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Everything the API handler needs. */
interface ApiHandlerOptions {
  engine: Engine;
  router: Router;
  requests: RequestRecord[];
  /** Fault injection: answer this request with a canned response instead. */
  intercept?: (method: string, path: string) => InterceptedResponse | null;
  /** Non-/v1 paths (hosted pages); resolves true when handled. */
  pages?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
}

const MAX_RECORDS = 10_000;
const PUBLISHABLE_OK =
  /^\/v1\/(payment_methods|payment_intents\/[^/]+\/confirm|setup_intents\/[^/]+\/confirm)$/;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function authError(message: string): StripeApiError {
  return new StripeApiError(401, { type: 'invalid_request_error', message });
}

function checkAuth(req: IncomingMessage, path: string): void {
  const header = req.headers.authorization ?? '';
  let key = '';
  if (header.startsWith('Bearer ')) key = header.slice(7).trim();
  else if (header.startsWith('Basic '))
    key = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':')[0] ?? '';
  if (!key) {
    throw authError(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://docs.stripe.com/api#authentication for details, or we can help at https://support.stripe.com/.",
    );
  }
  const masked = `${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`;
  if (key.startsWith('sk_test_') || key.startsWith('rk_test_')) return;
  if (key.startsWith('pk_test_') && PUBLISHABLE_OK.test(path)) return;
  if (key.startsWith('sk_live_') || key.startsWith('rk_live_')) {
    throw authError(
      `Invalid API Key provided: ${masked}. The emulator only accepts test-mode keys (sk_test_…).`,
    );
  }
  throw authError(`Invalid API Key provided: ${masked}`);
}

function send(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string>,
): void {
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(body)),
    'Access-Control-Allow-Origin': '*',
    ...headers,
  });
  res.end(body);
}

function errorJson(body: StripeErrorBody, requestId: string): string {
  return JSON.stringify({
    error: { ...body, request_log_url: `https://dashboard.stripe.com/test/logs/${requestId}` },
  });
}

const IDEMPOTENCY_TTL = 86_400;
const IDEMPOTENCY_MAX = 10_000;

/** Saves a response for replay; keys expire after 24 h (emulator time), at most 10 000 are kept. */
function saveIdempotent(engine: Engine, key: string, saved: SavedResponse): void {
  const store = engine.state.idempotency;
  store[key] = saved;
  const keys = Object.keys(store);
  let excess = keys.length - IDEMPOTENCY_MAX;
  for (const k of keys) {
    if (excess <= 0 && store[k]!.created > saved.created - IDEMPOTENCY_TTL) break;
    delete store[k];
    excess--;
  }
}

/** Creates the node:http request listener that serves the Stripe API under /v1. */
export function createApiHandler(options: ApiHandlerOptions) {
  const { engine, router, requests } = options;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    if (!path.startsWith('/v1/') && options.pages && (await options.pages(req, res))) return;
    const method = (req.method ?? 'GET').toUpperCase();
    const requestId = `req_${randomToken(14)}`;
    const idempotencyKey =
      method === 'POST' ? ((req.headers['idempotency-key'] as string | undefined) ?? null) : null;
    const headers: Record<string, string> = {
      'Request-Id': requestId,
      'Stripe-Version': (req.headers['stripe-version'] as string | undefined) ?? API_VERSION,
    };
    if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
    const record: RequestRecord = {
      id: requestId,
      method,
      path,
      status: 0,
      idempotencyKey,
      replayed: false,
      at: engine.clock.now(),
    };
    if (requests.length >= MAX_RECORDS) requests.shift();
    requests.push(record);
    const rawBody = method === 'POST' ? await readBody(req) : '';
    const finish = (status: number, body: string, extra: Record<string, string> = {}) => {
      record.status = status;
      send(res, status, body, { ...headers, ...extra });
    };
    const fingerprint = idempotencyKey
      ? createHash('sha256').update(`${method} ${path}\n${rawBody}`).digest('hex')
      : '';
    try {
      if (method === 'OPTIONS') return finish(204, '');
      checkAuth(req, path);
      const fault = options.intercept?.(method, path);
      if (fault) {
        return finish(fault.status, JSON.stringify(fault.body), fault.headers ?? {});
      }
      const saved = idempotencyKey ? engine.state.idempotency[idempotencyKey] : undefined;
      if (saved && saved.created > engine.clock.now() - IDEMPOTENCY_TTL) {
        if (saved.fingerprint !== fingerprint) {
          throw new StripeApiError(400, {
            type: 'idempotency_error',
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
          });
        }
        record.replayed = true;
        return finish(saved.status, saved.body, {
          'Idempotent-Replayed': 'true',
          ...(saved.status >= 400 && saved.status < 500 ? { 'Stripe-Should-Retry': 'false' } : {}),
        });
      }
      runDue(engine, engine.clock.now());
      const params = parseForm(method === 'POST' ? rawBody : q === -1 ? '' : url.slice(q + 1));
      const match = router.match(method, path);
      if (!match) {
        throw new StripeApiError(404, {
          type: 'invalid_request_error',
          message: `Unrecognized request URL (${method}: ${path}). Please see https://docs.stripe.com or we can help at https://support.stripe.com/.`,
        });
      }
      validateParams(match.endpoint, params);
      const r = reader(params);
      engine.request = { id: requestId, idempotency_key: idempotencyKey };
      let status = 200;
      let body: string;
      try {
        const p = params as Record<string, unknown>;
        const clock = clockForRequest(engine, [
          ...match.ids,
          p.test_clock,
          p.customer,
          p.subscription,
          p.from_subscription,
          p.invoice,
          (p.payload as Record<string, unknown> | undefined)?.stripe_customer_id,
        ]);
        const result = onTestClock(engine, clock, () =>
          match.handler({ engine, ids: match.ids, params: r }),
        );
        const expand = r.strings('expand');
        // Serialised once, expansions included: what the handler returned may be state itself.
        body = JSON.stringify(
          expand?.length ? withExpansions(engine.state, result, expand) : result,
        );
      } catch (error) {
        if (!(error instanceof StripeApiError) || !error.saved || !idempotencyKey) throw error;
        status = error.status;
        body = errorJson(error.body, requestId);
      } finally {
        engine.request = null;
      }
      if (idempotencyKey) {
        saveIdempotent(engine, idempotencyKey, {
          fingerprint,
          status,
          body,
          created: engine.clock.now(),
        });
      }
      return finish(status, body, status >= 400 ? { 'Stripe-Should-Retry': 'false' } : {});
    } catch (error) {
      if (error instanceof StripeApiError) {
        return finish(
          error.status,
          errorJson(error.body, requestId),
          error.status < 500 && error.status !== 409 ? { 'Stripe-Should-Retry': 'false' } : {},
        );
      }
      const message = error instanceof Error ? error.message : String(error);
      const body = errorJson(
        { type: 'api_error', message: `An unexpected error occurred in the emulator: ${message}` },
        requestId,
      );
      if (idempotencyKey) {
        saveIdempotent(engine, idempotencyKey, {
          fingerprint,
          status: 500,
          body,
          created: engine.clock.now(),
        });
      }
      return finish(500, body);
    }
  };
}
