import { createHmac } from 'node:crypto';
import { BASE } from '../../app';

/** A `Stripe-Signature` header for `payload`, as Stripe computes it. */
export function signature(
  payload: string,
  secret: string,
  timestamp = Math.floor(Date.now() / 1000),
) {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

/** A webhook delivery of `payload` with the given `Stripe-Signature` header (or none). */
export function webhookRequest(
  payload: string,
  header: string | null,
  extra: Record<string, string> = {},
) {
  return new Request(`${BASE}/webhook`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      ...(header === null ? {} : { 'stripe-signature': header }),
      ...extra,
    },
    body: payload,
  });
}
