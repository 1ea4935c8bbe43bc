/**
 * Identity for apps in other languages, played by an attacker: forged, expired, replayed and
 * wrong-key signed headers and JWTs all answer 401 with a message that says what to fix.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE } from '../../../../test/app';
import { pglite, type TestDb } from '../../../../test/database';
import { signUserHeader } from '../../src/service/identity/signed-header';
import type { Service } from '../../src/service/service';
import { committedOpenApi, openApiValidator } from '../helpers/openapi';
import { testService } from '../helpers/service';

const SECRET = 'a'.repeat(32);
const NEXT_SECRET = 'b'.repeat(32);
const WRONG_SECRET = 'c'.repeat(32);
const user = { id: 'user_42', email: 'ada@example.test', name: 'Ada' };

let t: TestDb;
let service: Service;
let jwks: Server;
let jwksUrl: string;
let key: CryptoKey;
let otherKey: CryptoKey;
let nextKey: CryptoKey;
let clock = 1_800_000_000;

beforeAll(async () => {
  const [pair, other, next] = await Promise.all([
    generateKeyPair('ES256', { extractable: true }),
    generateKeyPair('ES256', { extractable: true }),
    generateKeyPair('ES256', { extractable: true }),
  ]);
  key = pair.privateKey;
  otherKey = other.privateKey;
  nextKey = next.privateKey;
  const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  // The provider's rotation: the next key is published beside the current one.
  const nextJwk: JWK = {
    ...(await exportJWK(next.publicKey)),
    kid: 'k2',
    alg: 'ES256',
    use: 'sig',
  };
  jwks = createServer((_req, res) => {
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ keys: [jwk, nextJwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
  t = await pglite('service_auth');
  service = testService(t, {
    now: () => new Date(clock * 1000),
    auth: {
      signedHeader: { secrets: [NEXT_SECRET, SECRET], maxAgeSeconds: 60 },
      jwt: { jwksUrl, issuer: 'https://id.example.test', audience: 'tollgate' },
    },
  });
}, 60_000);
afterAll(async () => {
  await service?.close();
  await t?.close();
  await new Promise((resolve) => jwks?.close(resolve));
});

const onContract = openApiValidator(committedOpenApi());

/** GET /status with `headers`; the answer is checked against the committed OpenAPI document. */
async function status(headers: Record<string, string>): Promise<Response> {
  const res = await service.handler(new Request(`${BASE}/status`, { headers }));
  expect(onContract('GET', '/api/billing/status', res.status, await res.clone().json())).toBeNull();
  return res;
}

async function refusal(res: Response) {
  expect(res.status).toBe(401);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe('UNAUTHENTICATED');
  return body.error.message;
}

describe('signed Tollgate-User header', () => {
  it('accepts a fresh header signed with the current secret and answers the user status', async () => {
    const res = await status({ 'tollgate-user': signUserHeader(user, NEXT_SECRET, clock) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ plan: 'free', status: 'none', access: 'full' });
  });

  it('accepts the previous secret during a rotation', async () => {
    const res = await status({ 'tollgate-user': signUserHeader(user, SECRET, clock) });
    expect(res.status).toBe(200);
  });

  it('refuses a header signed with a wrong key', async () => {
    const res = await status({ 'tollgate-user': signUserHeader(user, WRONG_SECRET, clock) });
    expect(await refusal(res)).toMatch(/matches none of the service's secrets/);
  });

  it('refuses a forged identity: the payload swapped under a valid signature', async () => {
    const [, signature] = signUserHeader(user, SECRET, clock).split('.');
    const forged = Buffer.from(
      JSON.stringify({
        id: 'admin',
        email: 'root@example.test',
        iat: clock,
        nonce: 'n'.repeat(16),
      }),
    ).toString('base64url');
    expect(await refusal(await status({ 'tollgate-user': `${forged}.${signature}` }))).toMatch(
      /matches none/,
    );
  });

  it('refuses an expired header and says how old it is', async () => {
    const res = await status({ 'tollgate-user': signUserHeader(user, SECRET, clock - 61) });
    expect(await refusal(res)).toMatch(/issued 61 s ago and expires after 60 s/);
  });

  it('refuses a header issued in the future (clock skew)', async () => {
    const res = await status({ 'tollgate-user': signUserHeader(user, SECRET, clock + 120) });
    expect(await refusal(res)).toMatch(/in the future/);
  });

  it('refuses a replayed header inside the window', async () => {
    const header = signUserHeader(user, SECRET, clock);
    expect((await status({ 'tollgate-user': header })).status).toBe(200);
    clock += 5;
    expect(await refusal(await status({ 'tollgate-user': header }))).toMatch(/already used/);
  });

  it('refuses an id, email or name longer than Stripe takes for a customer, naming the limit', async () => {
    // The id becomes the customer creation's idempotency key, "tollgate-customer-<id>" (≤ 255).
    const longest = { ...user, id: 'i'.repeat(237) };
    expect((await status({ 'tollgate-user': signUserHeader(longest, SECRET, clock) })).status).toBe(
      200,
    );
    const id = await status({
      'tollgate-user': signUserHeader({ ...user, id: 'i'.repeat(238) }, SECRET, clock),
    });
    expect(await refusal(id)).toMatch(
      /Tollgate-User's "id" is 238 characters; Stripe takes at most 237 for a customer's user id/,
    );
    const email = await status({
      'tollgate-user': signUserHeader({ ...user, email: `${'e'.repeat(510)}@x.y` }, SECRET, clock),
    });
    expect(await refusal(email)).toMatch(/"email" is 514 characters; Stripe takes at most 512/);
    const name = await status({
      'tollgate-user': signUserHeader({ ...user, name: 'n'.repeat(257) }, SECRET, clock),
    });
    expect(await refusal(name)).toMatch(/"name" is 257 characters; Stripe takes at most 256/);
  });

  it('refuses a malformed header and a payload without the required claims', async () => {
    expect(await refusal(await status({ 'tollgate-user': 'not-a-header' }))).toMatch(
      /<base64url JSON payload>\.<base64url HMAC-SHA256/,
    );
    const payload = Buffer.from(JSON.stringify({ id: 'u' })).toString('base64url');
    const { createHmac } = await import('node:crypto');
    const signature = createHmac('sha256', SECRET).update(payload).digest('base64url');
    expect(await refusal(await status({ 'tollgate-user': `${payload}.${signature}` }))).toMatch(
      /id \(string\), email \(string\), iat/,
    );
  });
});

describe('JWT verified against the JWKS', () => {
  const jwt = (
    signingKey = key,
    claims: Record<string, unknown> = {},
    options: { issuer?: string; audience?: string; exp?: number; kid?: string; sub?: string } = {},
  ) =>
    new SignJWT({ email: user.email, name: user.name, ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: options.kid ?? 'k1' })
      .setSubject(options.sub ?? user.id)
      .setIssuer(options.issuer ?? 'https://id.example.test')
      .setAudience(options.audience ?? 'tollgate')
      .setIssuedAt()
      .setExpirationTime(options.exp ?? '5m')
      .sign(signingKey);

  it('accepts a token from the provider and answers the user status', async () => {
    const res = await status({ authorization: `Bearer ${await jwt()}` });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ plan: 'free' });
  });

  it('accepts the next key the provider publishes during a rotation', async () => {
    const res = await status({ authorization: `Bearer ${await jwt(nextKey, {}, { kid: 'k2' })}` });
    expect(res.status).toBe(200);
  });

  it('refuses a token signed by a key the provider does not publish', async () => {
    const res = await status({ authorization: `Bearer ${await jwt(otherKey)}` });
    expect(await refusal(res)).toMatch(/signature does not verify with the key from/);
    const unknownKid = await status({
      authorization: `Bearer ${await jwt(otherKey, {}, { kid: 'k9' })}`,
    });
    expect(await refusal(unknownKid)).toMatch(/No key in .* matches the bearer JWT's header/);
  });

  it('refuses an expired token', async () => {
    const past = Math.floor(Date.now() / 1000) - 3600;
    const res = await status({ authorization: `Bearer ${await jwt(key, {}, { exp: past })}` });
    expect(await refusal(res)).toMatch(/expired — get a fresh token/);
  });

  it('refuses a token for another audience or from another issuer, naming the claim', async () => {
    const aud = await status({
      authorization: `Bearer ${await jwt(key, {}, { audience: 'another-app' })}`,
    });
    expect(await refusal(aud)).toMatch(
      /"aud" claim has an unexpected value \(expected "tollgate"\)/,
    );
    const iss = await status({
      authorization: `Bearer ${await jwt(key, {}, { issuer: 'https://evil.example' })}`,
    });
    expect(await refusal(iss)).toMatch(
      /"iss" claim has an unexpected value \(expected "https:\/\/id.example.test"\)/,
    );
  });

  it('refuses an unsigned (alg none) token and a non-bearer Authorization', async () => {
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(
      JSON.stringify({ sub: 'admin', email: 'x@y', exp: 9_999_999_999 }),
    ).toString('base64url')}.`;
    expect(await refusal(await status({ authorization: `Bearer ${unsigned}` }))).toMatch(
      /uses an algorithm this service does not accept — use one of RS256, ES256, EdDSA/,
    );
    expect(await refusal(await status({ authorization: 'Basic dTpw' }))).toMatch(
      /Authorization must be "Bearer <JWT>"/,
    );
  });

  it('refuses a token whose sub is longer than Stripe takes for a user id', async () => {
    const res = await status({
      authorization: `Bearer ${await jwt(key, {}, { sub: 's'.repeat(600) })}`,
    });
    expect(await refusal(res)).toMatch(/The bearer JWT's "sub" is 600 characters/);
  });

  it('refuses a token without the email claim', async () => {
    const res = await status({ authorization: `Bearer ${await jwt(key, { email: undefined })}` });
    expect(await refusal(res)).toMatch(/needs "sub" .* and "email"/);
  });
});

describe('identity provider unreachable', () => {
  it('answers 500 naming the JWKS URL to check, not a 401 blaming the token', async () => {
    // A port that was free a moment ago: nothing answers there.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const down = testService(t, {
      auth: { jwt: { jwksUrl: `http://127.0.0.1:${port}/jwks.json`, issuer: 'i', audience: 'a' } },
    });
    try {
      const token = await new SignJWT({ email: user.email })
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setSubject(user.id)
        .setIssuer('i')
        .setAudience('a')
        .setExpirationTime('5m')
        .sign(key);
      const res = await down.handler(
        new Request(`${BASE}/status`, { headers: { authorization: `Bearer ${token}` } }),
      );
      expect(res.status).toBe(500);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('INTERNAL_ERROR');
      expect(body.error.message).toContain(
        `keys at http://127.0.0.1:${port}/jwks.json could not be read`,
      );
    } finally {
      await down.close();
    }
  });
});

describe('no identity', () => {
  it('answers 401 naming both accepted ways on a route that needs a user', async () => {
    expect(await refusal(await status({}))).toMatch(
      /send a Tollgate-User header signed with the shared secret or Authorization: Bearer/,
    );
  });

  it('still serves the anonymous plan list', async () => {
    const res = await service.handler(new Request(`${BASE}/plans`));
    // The catalog's prices come from Stripe (unreachable here): what matters is no 401.
    expect(res.status).not.toBe(401);
  });
});
