import { BillingError } from '@tollgate/core';
import Stripe from 'stripe';

const encoder = new TextEncoder();
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A WebCrypto `CryptoProvider` for `constructEventAsync` that imports each webhook secret once.
 * Stripe's own `SubtleCryptoProvider` imports the key on every call (~100 µs each); caching the
 * `CryptoKey` brings edge runtimes close to Node's native HMAC.
 */
export class CachedSubtleCryptoProvider extends Stripe.CryptoProvider {
  private readonly keys = new Map<string, Promise<CryptoKey>>();

  private key(secret: string): Promise<CryptoKey> {
    let key = this.keys.get(secret);
    if (!key) {
      key = crypto.subtle.importKey(
        'raw',
        encoder.encode(secret),
        { name: 'HMAC', hash: { name: 'SHA-256' } },
        false,
        ['sign'],
      );
      this.keys.set(secret, key);
    }
    return key;
  }

  override computeHMACSignature(): string {
    throw new BillingError(
      'INTERNAL_ERROR',
      'Tollgate verifies webhooks asynchronously: use constructEventAsync.',
    );
  }

  override async computeHMACSignatureAsync(payload: string, secret: string): Promise<string> {
    const signature = await crypto.subtle.sign(
      'HMAC',
      await this.key(secret),
      encoder.encode(payload),
    );
    const bytes = new Uint8Array(signature);
    let hex = '';
    for (const byte of bytes) hex += HEX[byte];
    return hex;
  }

  override async computeSHA256Async(data: Uint8Array): Promise<Uint8Array> {
    return new Uint8Array(await crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>));
  }
}
