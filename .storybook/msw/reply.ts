import { ERROR_STATUS, type ErrorCode } from '@tollgate/core';

const REPLY = Symbol('tollgate.storybook.reply');

/** A scripted answer that is not plain contract data: an error, or a request that never ends. */
export type Scripted =
  | { readonly [REPLY]: 'error'; code: ErrorCode; message: string; status: number }
  | { readonly [REPLY]: 'pending' };

/**
 * What a mocked route answers: contract data (validated before it is sent), a scripted
 * failure, or a list of either that is consumed one call at a time (the last entry repeats).
 */
export type Reply<T> = T | Scripted | ReadonlyArray<T | Scripted>;

/**
 * Answer with the contract's error body, `{error: {code, message}}`, under the status the
 * code maps to (the same table the server answers from).
 *
 * @example apiError('STRIPE_UNAVAILABLE', 'Stripe did not answer in time — try again.')
 */
export function apiError(code: ErrorCode, message: string): Scripted {
  return { [REPLY]: 'error', code, message, status: ERROR_STATUS[code] || 500 };
}

/** The request never answers: the component stays in its loading state. */
export function pending(): Scripted {
  return { [REPLY]: 'pending' };
}

/** Whether a reply entry is scripted rather than contract data. */
export function isScripted(value: unknown): value is Scripted {
  return typeof value === 'object' && value !== null && REPLY in value;
}

/** The kind of a scripted reply. */
export function scriptedKind(value: Scripted): Scripted[typeof REPLY] {
  return value[REPLY];
}
