import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { BillingError } from '@tollgate/core';
import type { BillingUser } from '../../config';

/** The header an app signs to say who its user is. */
export const USER_HEADER = 'tollgate-user';

/** How the service checks the {@link USER_HEADER}. */
export interface SignedHeaderConfig {
  /**
   * Shared secret(s), at least 32 characters. During a rotation list the new one and the old
   * one: a header signed with either is accepted.
   */
  secrets: string | readonly string[];
  /** How old (or how far in the future) `iat` may be, in seconds. Default 60. */
  maxAgeSeconds?: number;
}

/** What an app puts in the header, before encoding. */
export interface SignedUserClaims {
  id: string;
  email: string;
  name?: string | null;
  /** Issued at, Unix seconds. */
  iat: number;
  /** A fresh random string per header: a header is accepted once. */
  nonce: string;
}

const b64url = (bytes: Buffer) => bytes.toString('base64url');
const hmac = (secret: string, payload: string) =>
  createHmac('sha256', secret).update(payload).digest();

/**
 * Builds a {@link USER_HEADER} value: `base64url(JSON claims) "." base64url(HMAC-SHA256)`. The
 * same few lines in any language sign it (see the service README for Python).
 *
 * @example
 * headers['tollgate-user'] = signUserHeader({ id: user.id, email: user.email }, secret);
 */
export function signUserHeader(
  user: BillingUser,
  secret: string,
  at = Math.floor(Date.now() / 1000),
  nonce = b64url(randomBytes(16)),
): string {
  const claims: SignedUserClaims = {
    id: user.id,
    email: user.email,
    name: user.name ?? null,
    iat: at,
    nonce,
  };
  const payload = b64url(Buffer.from(JSON.stringify(claims)));
  return `${payload}.${b64url(hmac(secret, payload))}`;
}

const unauthenticated = (message: string) => new BillingError('UNAUTHENTICATED', message);

function parseClaims(payload: string): SignedUserClaims {
  let claims: Partial<SignedUserClaims> | null = null;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    claims = null;
  }
  if (
    !claims ||
    typeof claims.id !== 'string' ||
    claims.id === '' ||
    typeof claims.email !== 'string' ||
    !Number.isInteger(claims.iat) ||
    typeof claims.nonce !== 'string' ||
    claims.nonce.length < 8 ||
    (claims.name != null && typeof claims.name !== 'string')
  ) {
    throw unauthenticated(
      'Tollgate-User payload must be base64url JSON with id (string), email (string), iat (Unix seconds), nonce (≥ 8 random characters) and optionally name.',
    );
  }
  return claims as SignedUserClaims;
}

/**
 * Checks a {@link USER_HEADER}: the HMAC against every configured secret in constant time, then
 * the issue time against the replay window, then that its nonce was not used before within that
 * window. Every refusal is a 401 whose message says what to fix.
 */
export function createSignedHeaderVerifier(config: SignedHeaderConfig, now: () => number) {
  const secrets = typeof config.secrets === 'string' ? [config.secrets] : [...config.secrets];
  const maxAge = config.maxAgeSeconds ?? 60;
  const seen = new Map<string, number>();
  const remember = (nonce: string, at: number) => {
    for (const [key, expires] of seen) {
      if (expires > at) break; // insertion order ≈ expiry order
      seen.delete(key);
    }
    seen.set(nonce, at + 2 * maxAge);
  };
  return (value: string): BillingUser => {
    const [payload, signature, extra] = value.split('.');
    if (!payload || !signature || extra !== undefined) {
      throw unauthenticated(
        'Tollgate-User must be "<base64url JSON payload>.<base64url HMAC-SHA256 of the payload>".',
      );
    }
    const given = Buffer.from(signature, 'base64url');
    let match = false;
    for (const secret of secrets) {
      const expected = hmac(secret, payload);
      // Compare every secret, always: the time taken says nothing about which one (or none) matched.
      if (given.length === expected.length && timingSafeEqual(given, expected)) match = true;
    }
    if (!match) {
      throw unauthenticated(
        "Tollgate-User signature matches none of the service's secrets — sign the payload part with HMAC-SHA256 and the shared secret (auth.signedHeader.secrets, e.g. TOLLGATE_USER_SECRET).",
      );
    }
    const claims = parseClaims(payload);
    const at = now();
    const age = at - claims.iat;
    if (age > maxAge) {
      throw unauthenticated(
        `Tollgate-User was issued ${age} s ago and expires after ${maxAge} s — sign a new header for every request (and keep the app's clock in sync).`,
      );
    }
    if (age < -maxAge) {
      throw unauthenticated(
        `Tollgate-User was issued ${-age} s in the future — the app's clock is ahead of the service's: sync it (NTP).`,
      );
    }
    if (seen.has(claims.nonce)) {
      throw unauthenticated(
        'Tollgate-User was already used (its nonce was seen) — sign a new header with a fresh nonce for every request.',
      );
    }
    remember(claims.nonce, at);
    return { id: claims.id, email: claims.email, name: claims.name ?? null };
  };
}
