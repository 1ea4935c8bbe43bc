import type { Check, CheckFailure } from './schema';

/** A message, as a string or zod's `{ message }`. */
export type CheckParams = string | { message?: string };

function rule<T>(
  test: (value: T) => unknown,
  code: CheckFailure[0],
  message: string,
  params?: CheckParams,
): Check<T> {
  const text = (typeof params === 'string' ? params : params?.message) ?? message;
  return (value) => (test(value) ? undefined : [code, text]);
}

/** The string matches `pattern`; say what a valid value looks like in `params`. */
export function regex(pattern: RegExp, params?: CheckParams): Check<string> {
  return rule((value) => pattern.test(value), 'invalid_format', `must match ${pattern}`, params);
}

/** At most `max` characters (string) or items (array). */
export function maxLength(max: number, params?: CheckParams): Check<{ length: number }> {
  return rule((value) => value.length <= max, 'too_big', `length must be at most ${max}`, params);
}

/** At least `min` characters (string) or items (array). */
export function minLength(min: number, params?: CheckParams): Check<{ length: number }> {
  return rule(
    (value) => value.length >= min,
    'too_small',
    `length must be at least ${min}`,
    params,
  );
}

/** `value ≥ min`. */
export function gte(min: number, params?: CheckParams): Check<number> {
  return rule((value) => value >= min, 'too_small', `must be at least ${min}`, params);
}

/** `value ≤ max`. */
export function lte(max: number, params?: CheckParams): Check<number> {
  return rule((value) => value <= max, 'too_big', `must be at most ${max}`, params);
}

/** `value > 0`. */
export function positive(params?: CheckParams): Check<number> {
  return rule((value) => value > 0, 'too_small', 'must be greater than 0', params);
}

/** `value ≥ 0`. */
export function nonnegative(params?: CheckParams): Check<number> {
  return gte(0, params);
}

/**
 * A custom rule: `test` returns truthy when the value is fine.
 *
 * @example
 * z.string().check(z.refine((s) => s.startsWith('/'), { message: 'must start with "/"' }))
 */
export function refine<T>(test: (value: T) => unknown, params?: CheckParams): Check<T> {
  return rule(test, 'custom', 'is invalid', params);
}
