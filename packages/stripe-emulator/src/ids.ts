import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A random base62 string of `length` characters. */
export function randomToken(length = 24): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i]! % 62];
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
