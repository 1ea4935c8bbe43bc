import { BillingError } from '@tollgate/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_URL,
  BASE,
  catalog,
  get,
  headerAuth,
  makeBilling,
  memoryLogger,
  post,
  unreachableStripe,
} from '../../../test/app';
import { pglite, type TestDb } from '../../../test/database';
import { createBilling } from '../src/create-billing';
import { redact } from '../src/logger';
import { toNextHandler } from '../src/next';
import { MIGRATIONS } from '../src/store/migrations';
import { createStore } from '../src/store/store';

// A client whose host refuses connections: every test here is decided before any Stripe call,
// except the log test, which needs a sync that fails (a refused connection) to log an error.
const unreachable = unreachableStripe;
const SECRET = 'whsec_test_secret';
const OLD_SECRET = 'whsec_previous_secret';

let t: TestDb;
beforeAll(async () => {
  t = await pglite('http');
}, 60_000);
afterAll(async () => {
  await t.close();
});

const app = (logger = memoryLogger()) =>
  makeBilling({
    stripe: unreachable,
    store: t.db,
    schema: t.schema,
    logger,
    webhookSecret: [SECRET, OLD_SECRET],
  });

async function errorOf(res: Response) {
  const body = (await res.json()) as { error: { code: string; message: string } };
  return { status: res.status, ...body.error };
}

describe('config validation', () => {
  const valid = {
    stripe: unreachable,
    webhookSecret: SECRET,
    catalog,
    appUrl: APP_URL,
    getUser: headerAuth,
    store: { query: async () => ({ rows: [] }) },
  };
  it('accepts a complete config', () => {
    expect(() => createBilling(valid)).not.toThrow();
  });
  it.each([
    ['webhookSecret', { webhookSecret: 'sk_test_oops' }, /webhookSecret .*whsec_/],
    ['appUrl', { appUrl: 'app.example.com' }, /appUrl must be an absolute URL/],
    ['getUser', { getUser: undefined }, /getUser must be a function/],
    ['store', { store: {} }, /store must have query\(text, params\)/],
    ['basePath', { basePath: '/api/billing/' }, /basePath must look like "\/api\/billing"/],
    ['stripe key', { stripe: 'pk_test_public' }, /stripe must be a secret key/],
    ['notify', { notify: { on_payment: () => {} } }, /notify.*hook names are/],
  ])('names the field and the fix: %s', (_name, patch, message) => {
    expect(() => createBilling({ ...valid, ...patch } as never)).toThrow(message);
  });
  it('never echoes a secret in a config error', () => {
    let message = '';
    try {
      createBilling({ ...valid, webhookSecret: 'sk_live_supersecretvalue' } as never);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/webhookSecret/);
    expect(message).not.toContain('supersecret');
  });
  it('every config mistake is a BillingError CONFIG_INVALID, not a TypeError', () => {
    for (const patch of [{ appUrl: 'nope' }, { store: {} }, { schema: 'Bad-Schema' }]) {
      const error = (() => {
        try {
          createBilling({ ...valid, ...patch } as never);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(BillingError);
      expect(error).toMatchObject({ code: 'CONFIG_INVALID', status: 500 });
    }
  });
  // regression (issue 14 #8): createBilling accepted it, then every /status answered 500
  it('a bad policy fails createBilling with CONFIG_INVALID naming the field', () => {
    expect(() => createBilling({ ...valid, policy: { pastDueGrace: 'week' } } as never)).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        message: expect.stringMatching(
          /pastDueGrace must be 'period_end', 'none' or \{ days: n \}/,
        ),
      }),
    );
    expect(() => createBilling({ ...valid, policy: { unknownPlan: 'gold' } })).toThrow(
      /unknownPlan "gold" is not in the catalog/,
    );
  });
  it('a migration that fails is a BillingError CONFIG_INVALID saying what to check', async () => {
    const broken = {
      query: async () => {
        throw new Error('permission denied for database billing');
      },
    };
    const billing = createBilling({ ...valid, store: broken, migrate: true });
    const res = await billing.handler(get('/status', 'someone'));
    expect(await errorOf(res)).toMatchObject({
      status: 500,
      code: 'CONFIG_INVALID',
      message: expect.stringMatching(/migrations failed \(permission denied.*may create tables/),
    });
    expect(await billing.health()).toMatchObject({
      status: 'error',
      problems: expect.arrayContaining([expect.objectContaining({ code: 'CONFIG_INVALID' })]),
    });
  });
});

describe('routing and guards', () => {
  it('unknown paths answer 404 NOT_FOUND with the routes', async () => {
    const res = await app().handler(get('/nope'));
    expect(await errorOf(res)).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });
  it('routes on the path alone: query, fragment and a trailing slash do not matter', async () => {
    const billing = app();
    for (const path of ['/checkout?next=/portal', '/checkout/?a=b#c', '/checkout#x?y']) {
      expect((await billing.handler(get(path))).status, path).toBe(405);
    }
    expect((await errorOf(await billing.handler(get('/nope?to=/checkout')))).code).toBe(
      'NOT_FOUND',
    );
  });
  it('a wrong method answers 405 with Allow', async () => {
    const res = await app().handler(get('/checkout'));
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });
  it('every route but /plans and /webhook requires a user (401)', async () => {
    const billing = app();
    for (const path of ['/checkout', '/portal', '/preview', '/change', '/cancel', '/resume']) {
      const res = await billing.handler(post(path, {}, null));
      expect(await errorOf(res), path).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    }
    expect((await errorOf(await billing.handler(get('/status', null)))).code).toBe(
      'UNAUTHENTICATED',
    );
  });
  it('POSTs from another origin, or with none, are refused (403 FORBIDDEN_ORIGIN)', async () => {
    const billing = app();
    const foreign = await billing.handler(
      post('/cancel', {}, 'u1', { origin: 'https://evil.test' }),
    );
    expect(await errorOf(foreign)).toMatchObject({ status: 403, code: 'FORBIDDEN_ORIGIN' });
    const none = new Request(`${BASE}/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test-user': 'u1' },
      body: '{}',
    });
    expect((await errorOf(await billing.handler(none))).code).toBe('FORBIDDEN_ORIGIN');
  });
  it('POSTs must be application/json (415), valid JSON (400), small (413) and match the schema (400)', async () => {
    const billing = app();
    const form = await billing.handler(
      post('/checkout', 'plan=pro', 'u1', { 'content-type': 'application/x-www-form-urlencoded' }),
    );
    expect(await errorOf(form)).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    const broken = await billing.handler(post('/checkout', '{"plan":'));
    expect(await errorOf(broken)).toMatchObject({ status: 400, code: 'INVALID_JSON' });
    const huge = await billing.handler(
      post('/checkout', { plan: 'pro', interval: 'month', pad: 'x'.repeat(20_000) }),
    );
    expect(await errorOf(huge)).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    const bad = await billing.handler(post('/checkout', { plan: 'pro', interval: 'weekly' }));
    expect(await errorOf(bad)).toMatchObject({
      status: 400,
      code: 'INVALID_REQUEST',
      message: 'Invalid "interval": expected one of "month", "year".',
    });
  });
  it('ids never come from the body: unknown fields such as customerId are rejected', async () => {
    const res = await app().handler(
      post('/checkout', { plan: 'pro', interval: 'month', customerId: 'cus_other' }),
    );
    expect(await errorOf(res)).toMatchObject({ status: 400, code: 'INVALID_REQUEST' });
  });
  it('redirect paths outside appUrl are refused (400)', async () => {
    const billing = app();
    for (const successPath of ['//evil.test/x', 'https://evil.test/', '/\\evil.test']) {
      const res = await billing.handler(
        post('/checkout', { plan: 'pro', interval: 'month', successPath }),
      );
      expect((await errorOf(res)).status, successPath).toBe(400);
    }
  });
  it('a checkout for a plan not in the catalog is refused before Stripe is called', async () => {
    const res = await app().handler(post('/checkout', { plan: 'gold', interval: 'month' }));
    expect(await errorOf(res)).toMatchObject({ status: 400, code: 'UNKNOWN_PLAN' });
  });
  it('/status reads only the store: a user without a customer is on the free plan', async () => {
    const res = await app().handler(get('/status', 'fresh-user'));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      plan: 'free',
      status: 'none',
      access: 'full',
      trialEligible: true,
    });
  });
  it('a Stripe outage answers 503 STRIPE_UNAVAILABLE without leaking the key, and logs redacted', async () => {
    const logger = memoryLogger();
    const res = await app(logger).handler(get('/plans', null));
    const error = await errorOf(res);
    expect(error).toMatchObject({ status: 503, code: 'STRIPE_UNAVAILABLE' });
    expect(JSON.stringify(error)).not.toContain('sk_test');
    expect(logger.lines.some((l) => l.level === 'error')).toBe(true);
    expect(JSON.stringify(logger.lines)).not.toContain('sk_test_unreachable');
  });
});

describe('webhook verification', () => {
  const event = (id: string, type = 'price.updated') =>
    JSON.stringify({
      id,
      object: 'event',
      type,
      created: 1,
      data: { object: { id: 'price_1', object: 'price' } },
    });
  const signed = (payload: string, secret = SECRET, timestamp?: number) =>
    new Request(`${BASE}/webhook`, {
      method: 'POST',
      headers: {
        'stripe-signature': unreachable.webhooks.generateTestHeaderString({
          payload,
          secret,
          ...(timestamp ? { timestamp } : {}),
        }),
        'content-type': 'application/json',
      },
      body: payload,
    });

  it('accepts a valid signature and records the event in the ledger', async () => {
    const res = await app().handler(signed(event('evt_ok')));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true });
    expect(await createStore(t.db, t.schema).event('evt_ok')).toMatchObject({
      status: 'done',
      attempts: 1,
    });
  });
  it('accepts the previous secret during rotation', async () => {
    expect((await app().handler(signed(event('evt_rotated'), OLD_SECRET))).status).toBe(200);
  });
  it('rejects a wrong secret, a tampered body and a missing header (400 INVALID_SIGNATURE)', async () => {
    const billing = app();
    expect(
      await errorOf(await billing.handler(signed(event('evt_x'), 'whsec_wrong'))),
    ).toMatchObject({
      status: 400,
      code: 'INVALID_SIGNATURE',
    });
    const good = signed(event('evt_y'));
    const tampered = new Request(good.url, {
      method: 'POST',
      headers: good.headers,
      body: event('evt_y').replace('price_1', 'price_2'),
    });
    expect((await errorOf(await billing.handler(tampered))).code).toBe('INVALID_SIGNATURE');
    const bare = new Request(`${BASE}/webhook`, { method: 'POST', body: event('evt_z') });
    expect((await errorOf(await billing.handler(bare))).code).toBe('INVALID_SIGNATURE');
  });
  it('rejects timestamps too old and too far in the future (400 SIGNATURE_EXPIRED)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const billing = app();
    for (const timestamp of [now - 600, now + 600]) {
      const res = await billing.handler(signed(event(`evt_t${timestamp}`), SECRET, timestamp));
      expect(await errorOf(res)).toMatchObject({ status: 400, code: 'SIGNATURE_EXPIRED' });
    }
  });
  it('refuses bodies over the limit with 413', async () => {
    const billing = makeBilling({
      stripe: unreachable,
      store: t.db,
      schema: t.schema,
      webhookSecret: SECRET,
      limits: { webhookBytes: 1024 },
      logger: memoryLogger(),
    });
    const res = await billing.handler(
      signed(event('evt_big').replace('"price"', `"price","pad":"${'x'.repeat(2000)}"`)),
    );
    expect(res.status).toBe(413);
  });
  it('a duplicate delivery is acknowledged without being processed twice', async () => {
    const billing = app();
    const payload = event('evt_dup', 'some.unknown_type');
    const [a, b] = await Promise.all([
      billing.handler(signed(payload)),
      billing.handler(signed(payload)),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const entry = await createStore(t.db, t.schema).event('evt_dup');
    expect(entry).toMatchObject({ status: 'done', attempts: 1, type: 'some.unknown_type' });
  });
  it('signatures never reach the log', async () => {
    const logger = memoryLogger();
    const billing = app(logger);
    expect((await billing.handler(signed(event('evt_log'), 'whsec_wrong'))).status).toBe(400);
    // A signed customer event whose sync cannot reach Stripe fails, and is logged.
    const customerEvent = JSON.stringify({
      id: 'evt_log_sync',
      object: 'event',
      type: 'customer.updated',
      created: 1,
      data: { object: { id: 'cus_log', object: 'customer' } },
    });
    expect((await billing.handler(signed(customerEvent))).status).toBeGreaterThanOrEqual(500);
    expect(logger.lines.some((l) => l.level === 'error')).toBe(true);
    expect(JSON.stringify(logger.lines)).not.toMatch(/v1=|whsec_/);
  });
});

describe('migrations on start', () => {
  it('with migrate: true, the first request creates the tables', async () => {
    const schema = `${t.schema}_fresh`;
    const billing = makeBilling({
      stripe: unreachable,
      store: t.db,
      schema,
      migrate: true,
      logger: memoryLogger(),
    });
    const res = await billing.handler(get('/status', 'someone'));
    expect(res.status).toBe(200);
    const { rows } = await t.db.query(
      `SELECT version FROM "${schema}".tollgate_migrations ORDER BY version`,
    );
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
  });
});

describe('adapters', () => {
  it('the Next.js route exports hand every method to the router', async () => {
    const { GET, POST } = toNextHandler(app());
    expect((await GET(get('/status', null))).status).toBe(401);
    expect((await POST(post('/cancel', {}, null))).status).toBe(401);
    expect((await GET(get('/status', 'someone'))).status).toBe(200);
  });
});

describe('redaction', () => {
  it('removes keys, webhook secrets, client secrets and signatures', () => {
    const out = JSON.stringify(
      redact({
        message:
          'key sk_test_abc123 and whsec_zzz and pi_123_secret_456 and t=1,v1=0123456789abcdef0123',
        clientSecret: 'anything',
        nested: { authorization: 'Bearer x', ok: 'cus_123' },
      }),
    );
    expect(out).not.toMatch(
      /sk_test_abc123|whsec_zzz|pi_123_secret_456|0123456789abcdef0123|Bearer x|anything/,
    );
    expect(out).toContain('cus_123');
  });
});
