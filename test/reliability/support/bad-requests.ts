import fc from 'fast-check';
import { APP_URL, BASE } from '../../app';
import { signature } from './sign';

/** A request to build afresh for every run (a Request body can be read once). */
export interface BadRequest {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const JSON_ROUTES = ['/checkout', '/portal', '/preview', '/change', '/cancel', '/resume'] as const;
const PLAN_ROUTES = ['/checkout', '/preview', '/change'] as const;
const ALL_ROUTES: [string, string][] = [
  ['/plans', 'GET'],
  ['/status', 'GET'],
  ...JSON_ROUTES.map((p): [string, string] => [p, 'POST']),
  ['/webhook', 'POST'],
];

/** Builds the Request of a {@link BadRequest}. */
export function toRequest(bad: BadRequest): Request {
  return new Request(`${BASE}${bad.path}`, {
    method: bad.method,
    headers: bad.headers,
    ...(bad.body !== undefined && bad.method !== 'GET' && bad.method !== 'HEAD'
      ? { body: bad.body }
      : {}),
  });
}

const signedIn = (user: string, extra: Record<string, string> = {}) => ({
  'content-type': 'application/json',
  origin: APP_URL,
  'x-test-user': user,
  ...extra,
});

const jsonValue = fc.jsonValue({ maxDepth: 2 });

/** Every route with a method it does not answer. */
export const wrongMethod = (user: string) =>
  fc
    .tuple(
      fc.constantFrom(...ALL_ROUTES),
      fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
    )
    .filter(([[, right], method]) => method !== right)
    .map(
      ([[path], method]): BadRequest => ({
        kind: 'wrong method',
        method,
        path,
        headers: signedIn(user),
        body: '{}',
      }),
    );

/** JSON routes with a body that is not JSON, or says it is something else. */
export const wrongContentType = (user: string) =>
  fc
    .tuple(
      fc.constantFrom(...JSON_ROUTES),
      fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/jsonx',
        'application/json-patch+json',
        'text/json',
        '',
      ),
    )
    .map(
      ([path, type]): BadRequest => ({
        kind: 'wrong content type',
        method: 'POST',
        path,
        headers: signedIn(user, { 'content-type': type }),
        body: '{"plan":"pro","interval":"month"}',
      }),
    );

/** Bodies that are not JSON at all, or JSON that is not an object of the route's fields. */
export const malformedJson = (user: string) =>
  fc
    .tuple(
      fc.constantFrom(...JSON_ROUTES),
      fc.oneof(
        fc.string({ minLength: 1 }).filter((s) => {
          try {
            JSON.parse(s);
            return false;
          } catch {
            return s.trim() !== '';
          }
        }),
        fc.constantFrom(
          '{',
          '{"plan":',
          '{"plan":"pro",}',
          "{'plan':'pro'}",
          '[1,',
          'nul',
          '{"a":1}}',
        ),
        jsonValue
          .filter((v) => v === null || typeof v !== 'object' || Array.isArray(v))
          .map((v) => JSON.stringify(v)),
        fc
          .dictionary(fc.string({ minLength: 1, maxLength: 8 }), jsonValue, { minKeys: 1 })
          .filter((d) =>
            Object.keys(d).some(
              (k) =>
                ![
                  'plan',
                  'interval',
                  'uiMode',
                  'flow',
                  'returnPath',
                  'successPath',
                  'cancelPath',
                  'prorationDate',
                  'undo',
                ].includes(k),
            ),
          )
          .map((d) => JSON.stringify(d)),
      ),
    )
    .map(
      ([path, body]): BadRequest => ({
        kind: 'malformed JSON',
        method: 'POST',
        path,
        headers: signedIn(user),
        body,
      }),
    );

/** Bodies over the 16 KiB limit (and webhooks over 512 KiB). */
export const oversized = (user: string) =>
  fc
    .tuple(fc.constantFrom(...JSON_ROUTES, '/webhook' as const), fc.integer({ min: 1, max: 4096 }))
    .map(([path, extra]): BadRequest => {
      const limit = path === '/webhook' ? 512 * 1024 : 16 * 1024;
      const pad = 'x'.repeat(limit + extra);
      return {
        kind: 'oversized body',
        method: 'POST',
        path,
        headers: signedIn(user, path === '/webhook' ? { 'stripe-signature': 't=1,v1=00' } : {}),
        body: JSON.stringify({ plan: 'pro', interval: 'month', pad }),
      };
    });

/** Plans and intervals the catalog does not have, and values of the wrong type. */
export const unknownPlan = (user: string) =>
  fc
    .tuple(
      fc.constantFrom(...PLAN_ROUTES),
      fc.oneof(
        fc.record({
          plan: fc.string().filter((s) => !['pro', 'business'].includes(s)),
          interval: fc.constantFrom('month', 'year'),
        }),
        fc.record({
          plan: fc.constantFrom('pro', 'business'),
          interval: fc.string().filter((s) => !['month', 'year'].includes(s)),
        }),
        fc.record({ plan: fc.constantFrom('free'), interval: fc.constantFrom('month', 'year') }),
        fc.record({
          plan: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string())),
          interval: fc.constantFrom('month', 'year'),
        }),
      ),
    )
    .map(
      ([path, body]): BadRequest => ({
        kind: 'unknown plan or interval',
        method: 'POST',
        path,
        headers: signedIn(user),
        body: JSON.stringify(body),
      }),
    );

/** `prorationDate` negative, zero, fractional, huge, a string, or outside the preview window. */
export const badNumbers = (user: string, now: () => number) =>
  fc
    .oneof(
      fc.integer({ max: 0 }),
      fc.double({ noNaN: true }).filter((n) => !Number.isInteger(n)),
      fc.constantFrom(1e20, 2 ** 53, Number.MAX_SAFE_INTEGER, -1e20, 1.5),
      fc.integer({ min: 1, max: 2 ** 31 }).filter((n) => Math.abs(n - now()) > 31 * 60),
      fc.integer({ min: 301, max: 10 ** 6 }).map((d) => now() + d),
      fc.string().map((s) => s as unknown as number),
    )
    .map(
      (prorationDate): BadRequest => ({
        kind: 'negative or huge number',
        method: 'POST',
        path: '/change',
        headers: signedIn(user),
        body: JSON.stringify({ plan: 'business', interval: 'month', prorationDate }),
      }),
    );

const EVIL_HOSTS = ['evil.example', 'evil.example/billing', 'app.example.test.evil.example'];
const EVIL_PREFIXES = [
  '//',
  'https://',
  'http://',
  '/\\',
  '\\\\',
  '/\\/',
  ' //',
  '\t//',
  'javascript:',
  '//\\',
  '/%0a//',
];

/** Redirect targets that would leave the app: `//evil`, `https://evil`, `/\evil` and kin. */
export const redirects = (user: string) =>
  fc
    .tuple(
      fc.constantFrom(
        ['/checkout', 'successPath'],
        ['/checkout', 'cancelPath'],
        ['/portal', 'returnPath'],
      ),
      fc.constantFrom(...EVIL_PREFIXES),
      fc.constantFrom(...EVIL_HOSTS),
    )
    .map(([[path, field], prefix, host]): BadRequest => {
      const target = prefix === '/%0a//' ? `/\n//${host}` : `${prefix}${host}`;
      const body: Record<string, string> =
        path === '/checkout' ? { plan: 'pro', interval: 'month' } : {};
      body[field] = target;
      return {
        kind: 'redirect injection',
        method: 'POST',
        path,
        headers: signedIn(user),
        body: JSON.stringify(body),
      };
    });

/** Signed-out, cross-site and header-less requests to the user routes. */
export const unauthorised = (user: string) =>
  fc
    .tuple(
      fc.constantFrom(...JSON_ROUTES),
      fc.constantFrom('signed out', 'evil origin', 'no origin', 'evil referer', 'null origin'),
    )
    .map(([path, how]): BadRequest => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (how !== 'signed out') headers['x-test-user'] = user;
      if (how === 'signed out') headers.origin = APP_URL;
      if (how === 'evil origin') headers.origin = 'https://evil.example';
      if (how === 'evil referer') headers.referer = 'https://evil.example/app';
      if (how === 'null origin') headers.origin = 'null';
      return {
        kind: 'unauthenticated or cross-site',
        method: 'POST',
        path,
        headers,
        body: JSON.stringify({ plan: 'pro', interval: 'month' }),
      };
    });

/**
 * Webhook deliveries that must be refused: no or malformed signature, a forged one, the wrong
 * secret, expired or future-dated timestamps, a signature replayed from another body, a body
 * altered after signing, and signed bodies that are not JSON.
 */
export const badWebhooks = (secret: string, events: string[]) =>
  fc
    .tuple(
      fc.constantFrom(...events),
      fc.constantFrom(
        'missing header',
        'malformed header',
        'forged v1',
        'wrong secret',
        'expired',
        'future-dated',
        'replayed from another body',
        'body altered after signing',
        'signed, not JSON',
      ),
      fc.integer({ min: 301, max: 10 ** 7 }),
      fc
        .array(fc.constantFrom(...'0123456789abcdef'), { minLength: 64, maxLength: 64 })
        .map((d) => d.join('')),
      fc.nat(),
    )
    .map(([payload, how, skew, hex, n]): BadRequest => {
      const now = Math.floor(Date.now() / 1000);
      let body = payload;
      let header: string | null = signature(payload, secret, now);
      if (how === 'missing header') header = null;
      if (how === 'malformed header')
        header = ['t=,v1=', 'v1=abc', 'garbage', `t=${now}`, ''][n % 5]!;
      if (how === 'forged v1') header = `t=${now},v1=${hex}`;
      if (how === 'wrong secret') header = signature(payload, `${secret}x`, now);
      if (how === 'expired') header = signature(payload, secret, now - skew);
      if (how === 'future-dated') header = signature(payload, secret, now + skew);
      if (how === 'replayed from another body') {
        body = payload.replace(/"id": ?"evt_/, '"id":"evt_replay');
      }
      if (how === 'body altered after signing') {
        const at = n % payload.length;
        const ch = payload[at] === 'a' ? 'b' : 'a';
        body = `${payload.slice(0, at)}${ch}${payload.slice(at + 1)}`;
      }
      if (how === 'signed, not JSON') {
        body = payload.slice(0, 1 + (n % (payload.length - 1)));
        header = signature(body, secret, now);
      }
      return {
        kind: `webhook: ${how}`,
        method: 'POST',
        path: '/webhook',
        headers: {
          'content-type': 'application/json',
          ...(header === null ? {} : { 'stripe-signature': header }),
        },
        body,
      };
    });

/** Paths under the base path that are no route. (`/a/../plans` is `/plans`: URLs normalise dot segments.) */
export const unknownPath = (user: string) =>
  fc
    .tuple(
      fc.oneof(
        fc.constantFrom(
          '/',
          '/unknown',
          '/checkout/extra',
          '/%2e%2e/status',
          '/webhook/x',
          '/admin',
          '/Plans',
        ),
        fc
          .stringMatching(/^\/[a-z0-9_-]{1,12}$/)
          .filter(
            (p) =>
              ![
                '/plans',
                '/status',
                '/checkout',
                '/portal',
                '/preview',
                '/change',
                '/cancel',
                '/resume',
                '/webhook',
              ].includes(p),
          ),
      ),
      fc.constantFrom('GET', 'POST'),
    )
    .map(
      ([path, method]): BadRequest => ({
        kind: 'unknown path',
        method,
        path,
        headers: signedIn(user),
        body: '{}',
      }),
    );
