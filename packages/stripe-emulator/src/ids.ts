import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Random bytes drawn 4 KiB at a time: one `randomBytes` call per ~200 tokens instead of one per
 * token (a call costs about 3 µs, and every API request draws a request id).
 */
const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let used = 0;

/** A random base62 string of `length` characters. */
export function randomToken(length = 24): string {
  if (used + length > pool.length) {
    pool = randomBytes(Math.max(POOL_SIZE, length));
    used = 0;
  }
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[pool[used + i]! % 62];
  used += length;
  return out;
}

/** A Stripe-style object id: `cus_` + a random suffix. */
export function newId(prefix: string): string {
  return `${prefix}_${randomToken(24)}`;
}

/** A client secret for an intent or session: `<id>_secret_<random>`. */
export function clientSecret(id: string): string {
  return `${id}_secret_${randomToken(24)}`;
}
