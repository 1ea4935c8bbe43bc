import { BillingError } from '@tollgate/core';
import type { BillingUser } from '../../config';
import { STRIPE_USER_LIMITS } from '../../stripe/customer';
import { createJwtVerifier, type JwtConfig } from './jwt';
import { createSignedHeaderVerifier, type SignedHeaderConfig, USER_HEADER } from './signed-header';

/** Who the user is, for apps in other languages: a signed header, a JWT, or either. */
export interface IdentityConfig {
  signedHeader?: SignedHeaderConfig;
  jwt?: JwtConfig;
}

/** The service's view of a request's identity. */
export interface Identity {
  /** The user of a request; null when it carries no identity at all (the anonymous `/plans`). */
  getUser(req: Request): Promise<BillingUser | null>;
  /** The 401 for a request that needs a user and carries no identity: what to send. */
  missing(): BillingError;
}

/**
 * Builds the identity check from `auth`. A request with a `Tollgate-User` header is judged by
 * the signed-header rules, one with `Authorization: Bearer` by the JWT rules; a mode that is not
 * configured, or anything malformed, is a 401 that says what to fix.
 */
export function createIdentity(config: IdentityConfig, now: () => number): Identity {
  const header = config.signedHeader ? createSignedHeaderVerifier(config.signedHeader, now) : null;
  const jwt = config.jwt ? createJwtVerifier(config.jwt) : null;
  const ways = [
    header ? 'a Tollgate-User header signed with the shared secret' : null,
    jwt ? 'Authorization: Bearer <JWT from your identity provider>' : null,
  ].filter(Boolean);
  return {
    async getUser(req) {
      const signed = req.headers.get(USER_HEADER);
      if (signed !== null) {
        if (!header) throw notConfigured('Tollgate-User header', ways);
        return withinStripeLimits(header(signed), 'Tollgate-User', {
          id: 'id',
          email: 'email',
          name: 'name',
        });
      }
      const authorization = req.headers.get('authorization');
      if (authorization === null) return null;
      const bearer = /^Bearer ([^\s]+)$/i.exec(authorization.trim());
      if (!bearer) {
        throw new BillingError(
          'UNAUTHENTICATED',
          `Authorization must be "Bearer <JWT>" — this service accepts ${ways.join(' or ')}.`,
        );
      }
      if (!jwt) throw notConfigured('bearer JWT', ways);
      return withinStripeLimits(await jwt(bearer[1]!), 'The bearer JWT', {
        id: 'sub',
        email: config.jwt?.claims?.email ?? 'email',
        name: config.jwt?.claims?.name ?? 'name',
      });
    },
    missing: () =>
      new BillingError(
        'UNAUTHENTICATED',
        `No user identity on this request — send ${ways.join(' or ')} (see the Tollgate service README).`,
      ),
  };
}

/**
 * The user, when Stripe can take it as a customer; else a 401 naming the claim and its limit (a
 * longer id would fail the customer's creation at checkout as a 500).
 */
function withinStripeLimits(
  user: BillingUser,
  source: string,
  claims: Record<'id' | 'email' | 'name', string>,
): BillingUser {
  const fields = [
    ['id', claims.id, user.id],
    ['email', claims.email, user.email],
    ['name', claims.name, user.name ?? ''],
  ] as const;
  for (const [field, claim, value] of fields) {
    const max = STRIPE_USER_LIMITS[field];
    if (value.length > max) {
      throw new BillingError(
        'UNAUTHENTICATED',
        `${source}'s "${claim}" is ${value.length} characters; Stripe takes at most ${max} for a customer's ${field === 'id' ? 'user id' : field} — send a shorter one.`,
      );
    }
  }
  return user;
}

function notConfigured(what: string, ways: (string | null)[]): BillingError {
  return new BillingError(
    'UNAUTHENTICATED',
    `This service does not accept a ${what} — send ${ways.join(' or ')}.`,
  );
}

/** Checks `auth` at start-up: at least one mode, secrets long enough, a JWKS URL that parses. */
export function checkIdentityConfig(config: IdentityConfig | undefined): IdentityConfig {
  const fail = (message: string): never => {
    throw new BillingError('CONFIG_INVALID', `Tollgate service config: ${message}`);
  };
  if (!config || (!config.signedHeader && !config.jwt)) {
    fail(
      'auth needs signedHeader: {secrets} (a shared secret your app signs a Tollgate-User header with) and/or jwt: {jwksUrl, issuer, audience}.',
    );
  }
  const secrets = config?.signedHeader?.secrets;
  if (config?.signedHeader) {
    const list = typeof secrets === 'string' ? [secrets] : (secrets ?? []);
    if (list.length === 0 || list.some((s) => typeof s !== 'string' || s.length < 32)) {
      fail(
        'auth.signedHeader.secrets must be one or more secrets of at least 32 characters (e.g. `openssl rand -hex 32`).',
      );
    }
    const age = config.signedHeader.maxAgeSeconds;
    if (age !== undefined && !(Number.isInteger(age) && age > 0)) {
      fail('auth.signedHeader.maxAgeSeconds must be a positive whole number of seconds.');
    }
  }
  if (config?.jwt) {
    if (!URL.canParse(config.jwt.jwksUrl ?? '')) {
      fail("auth.jwt.jwksUrl must be the absolute URL of your identity provider's JWKS.");
    }
    if (!config.jwt.issuer || !config.jwt.audience) {
      fail(
        'auth.jwt needs issuer and audience: tokens are only accepted from that issuer for that audience.',
      );
    }
  }
  return config as IdentityConfig;
}
