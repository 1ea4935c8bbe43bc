import { createHmac } from 'node:crypto';

/**
 * Builds a `Stripe-Signature` header exactly as Stripe does: `t=<unix seconds>,v1=<hex>` where
 * v1 = HMAC-SHA256(secret, `${t}.${payload}`). The secret (`whsec_…`) is used as-is as the key.
 */
export function signatureHeader(payload: string, secret: string, timestamp: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${v1}`;
}
