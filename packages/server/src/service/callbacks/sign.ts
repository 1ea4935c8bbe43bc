import { createHmac } from 'node:crypto';

/** The header carrying a callback's signature. */
export const CALLBACK_SIGNATURE_HEADER = 'tollgate-signature';

/**
 * `t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">` — Stripe's webhook scheme, so a receiver that
 * verifies Stripe's signatures already knows how: recompute, compare in constant time, and
 * refuse a `t` older than a few minutes.
 */
export function signCallback(body: string, secret: string, at: number): string {
  const v1 = createHmac('sha256', secret).update(`${at}.${body}`).digest('hex');
  return `t=${at},v1=${v1}`;
}
