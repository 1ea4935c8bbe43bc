import { BillingError } from '@tollgate/core';
import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';
import type { BillingUser } from '../../config';

/** How the service checks `Authorization: Bearer <JWT>` from the app's identity provider. */
export interface JwtConfig {
  /** The provider's JWKS, e.g. `https://id.example.com/.well-known/jwks.json`. Keys are cached and refetched on an unknown `kid`. */
  jwksUrl: string;
  /** The `iss` every token must carry. */
  issuer: string;
  /** The `aud` every token must carry (this service's identifier at the provider). */
  audience: string | readonly string[];
  /** Accepted signing algorithms. Default `['RS256', 'ES256', 'EdDSA']`. */
  algorithms?: readonly string[];
  /** Claims holding the email and name. Default `email` and `name`; the user id is always `sub`. */
  claims?: { email?: string; name?: string };
  /** Leeway for `exp`/`nbf`/`iat` in seconds. Default 5. */
  clockToleranceSeconds?: number;
}

const unauthenticated = (message: string) => new BillingError('UNAUTHENTICATED', message);

/** Explains a jose failure as what the caller should fix. */
function explain(error: unknown, config: JwtConfig): BillingError {
  if (error instanceof errors.JWTExpired) {
    return unauthenticated(
      'The bearer JWT has expired — get a fresh token from your identity provider for each call.',
    );
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    const want =
      error.claim === 'iss'
        ? ` (expected "${config.issuer}")`
        : error.claim === 'aud'
          ? ` (expected ${JSON.stringify(config.audience)})`
          : '';
    return unauthenticated(
      `The bearer JWT's "${error.claim}" claim ${error.reason === 'missing' ? 'is missing' : 'has an unexpected value'}${want} — request the token for this service from the configured issuer.`,
    );
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return unauthenticated(
      `No key in ${config.jwksUrl} matches the bearer JWT's header (kid/alg) — sign it with a key your identity provider publishes there.`,
    );
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return unauthenticated(
      `The bearer JWT's signature does not verify with the key from ${config.jwksUrl} — it was signed by another key or altered.`,
    );
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return unauthenticated(
      `The bearer JWT uses an algorithm this service does not accept — use one of ${(config.algorithms ?? DEFAULT_ALGORITHMS).join(', ')}.`,
    );
  }
  if (
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    (error instanceof Error && !(error instanceof errors.JOSEError))
  ) {
    return new BillingError(
      'INTERNAL_ERROR',
      `The identity provider's keys at ${config.jwksUrl} could not be read — check auth.jwt.jwksUrl and that the service can reach it.`,
      { cause: error },
    );
  }
  return unauthenticated(
    'Authorization must be "Bearer <JWT>" with a compact, signed JWT from your identity provider.',
  );
}

const DEFAULT_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'];

/**
 * Verifies bearer JWTs against the provider's JWKS with `jose`: signature, `iss`, `aud`, `exp`,
 * `nbf`, and the algorithm allow-list. The user is `sub` with the email (and name) claims.
 */
export function createJwtVerifier(config: JwtConfig) {
  const jwks = createRemoteJWKSet(new URL(config.jwksUrl));
  const emailClaim = config.claims?.email ?? 'email';
  const nameClaim = config.claims?.name ?? 'name';
  return async (token: string): Promise<BillingUser> => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        issuer: config.issuer,
        audience: [...(typeof config.audience === 'string' ? [config.audience] : config.audience)],
        algorithms: [...(config.algorithms ?? DEFAULT_ALGORITHMS)],
        clockTolerance: config.clockToleranceSeconds ?? 5,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      throw explain(error, config);
    }
    const email = payload[emailClaim];
    const name = payload[nameClaim];
    if (typeof payload.sub !== 'string' || payload.sub === '' || typeof email !== 'string') {
      throw unauthenticated(
        `The bearer JWT needs "sub" (the user id) and "${emailClaim}" (the email) claims — add them to the token your identity provider issues.`,
      );
    }
    return { id: payload.sub, email, name: typeof name === 'string' ? name : null };
  };
}
