/**
 * `createServer` over real HTTP: `/health`, request ids, one JSON log line per request with its
 * id, and a graceful shutdown that lets a request in flight finish. `tollgate serve` itself is
 * started as a process by the Django test (test/e2e/django.test.ts).
 */
import { createStripeClient, type Emulator, startEmulator } from '@tollgate/stripe-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_URL, catalog } from '../../../../test/app';
import { pglite, type TestDb } from '../../../../test/database';
import { createServer, type TollgateServer } from '../../src/service/create-server';
import { signUserHeader } from '../../src/service/identity/signed-header';
import { jsonLogger } from '../../src/service/json-logger';
import type { Queryable } from '../../src/store/types';
import { pushCatalog } from '../../src/stripe/push-catalog';
import { recordServiceAnswer } from '../helpers/openapi';

const SECRET = 's'.repeat(40);
let emulator: Emulator;
let t: TestDb;
let server: TollgateServer;
let url: string;
const lines: Record<string, unknown>[] = [];
let hold: Promise<void> | null = null;

beforeAll(async () => {
  [emulator, t] = await Promise.all([startEmulator(), pglite('service_http')]);
  const stripe = createStripeClient(emulator);
  await pushCatalog(stripe, catalog);
  // A store whose reads can be held, to keep a request in flight during shutdown.
  const store: Queryable = {
    query: async (text, params) => {
      if (hold) await hold;
      return t.db.query(text, params);
    },
  };
  server = createServer({
    stripe,
    webhookSecret: emulator.webhookSecret,
    catalog,
    appUrl: APP_URL,
    store,
    schema: t.schema,
    logger: jsonLogger('debug', (line) => lines.push(JSON.parse(line))),
    auth: { signedHeader: { secrets: SECRET } },
    shutdownTimeoutMs: 5_000,
  });
  ({ url } = await server.listen({ port: 0 }));
}, 60_000);
afterAll(async () => {
  await server?.close();
  await emulator?.close();
  await t?.close();
});

/** A request to the running server; its answer is checked against the committed OpenAPI document. */
async function call(path: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(`${url}${path}`, init);
  await recordServiceAnswer(init.method ?? 'GET', `${url}${path}`, response);
  return response;
}

describe('createServer', () => {
  it('answers GET /health with the store and every catalog price checked', async () => {
    const res = await call(`/health`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({
      status: 'ok',
      prices: 4,
      usage: { pending: 0, oldestPendingAt: null, refused: 0 },
    });
  });

  it('answers another method on /health and /openapi.json with 405 naming GET', async () => {
    for (const path of ['/health', '/openapi.json']) {
      const res = await call(path, { method: 'POST' });
      expect(res.status, path).toBe(405);
      expect(await res.json()).toEqual({
        error: {
          code: 'METHOD_NOT_ALLOWED',
          message: `${path} answers GET.`,
          details: { allow: 'GET' },
        },
      });
    }
  });

  it('gives every answer a request id, keeping a plain one the caller sent', async () => {
    const mine = await call(`/health`, { headers: { 'x-request-id': 'django-7f3a' } });
    expect(mine.headers.get('x-request-id')).toBe('django-7f3a');
    const hostile = await call(`/health`, {
      headers: { 'x-request-id': 'x" {"level":"error"}' },
    });
    expect(hostile.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
  });

  it('logs one JSON line per request, with its id, method, path, status and duration', async () => {
    const res = await call(`/api/billing/status`, {
      headers: {
        'tollgate-user': signUserHeader({ id: 'u_log', email: 'u@example.test' }, SECRET),
      },
    });
    expect(res.status).toBe(200);
    const id = res.headers.get('x-request-id');
    const line = lines.find((l) => l.requestId === id && l.msg === 'request');
    expect(line).toMatchObject({
      level: 'info',
      method: 'GET',
      path: '/api/billing/status',
      status: 200,
    });
    expect(typeof line?.ms).toBe('number');
    expect(Date.parse(String(line?.time))).not.toBeNaN();
    // The signed header never reaches the log.
    expect(JSON.stringify(lines)).not.toContain(SECRET);
  });

  it('has created the SQL view for apps sharing the database before listening', async () => {
    // A user Tollgate knows (a checkout would have linked them) with no subscription yet.
    await t.db.query(`INSERT INTO "${t.schema}".tollgate_customers (user_id) VALUES ('u_view')`);
    const { rows } = await t.db.query(
      `SELECT plan, status, access, entitlements FROM "${t.schema}".tollgate_user_billing WHERE user_id = 'u_view'`,
    );
    expect(rows).toEqual([
      { plan: 'free', status: 'none', access: 'full', entitlements: { projects: 1 } },
    ]);
  });

  it('answers 404 with the route list outside the billing routes and /health', async () => {
    const res = await call(`/nope`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });

  it('shuts down gracefully: a request in flight finishes, then no new connection is accepted', async () => {
    let release!: () => void;
    hold = new Promise((resolve) => {
      release = resolve;
    });
    const inFlight = call(`/api/billing/status`, {
      headers: {
        'tollgate-user': signUserHeader({ id: 'u_slow', email: 's@example.test' }, SECRET),
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closed = server.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    hold = null;
    release();
    expect((await inFlight).status).toBe(200);
    await closed;
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    // Start and shutdown are JSON lines too, in order: listening, shutting down (1 in flight), stopped.
    const life = lines.filter((l) =>
      ['listening', 'shutting down', 'stopped'].includes(l.msg as string),
    );
    expect(life).toEqual([
      expect.objectContaining({ level: 'info', msg: 'listening', url }),
      expect.objectContaining({
        level: 'info',
        msg: 'shutting down',
        inFlight: 1,
        timeoutMs: 5_000,
      }),
      expect.objectContaining({ level: 'info', msg: 'stopped', ms: expect.any(Number) }),
    ]);
    expect(life[2]).not.toHaveProperty('cutRequests');
  });
});
