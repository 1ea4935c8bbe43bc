import { fail, leaf, Schema } from './schema';

/** Any string. */
export function string(): Schema<string> {
  return leaf('string', (value) => typeof value === 'string');
}

/** A safe integer (`Number.isSafeInteger`), as zod's `int()`. */
export function int(): Schema<number> {
  return leaf('integer', Number.isSafeInteger);
}

/** `true` or `false`. */
export function boolean(): Schema<boolean> {
  return leaf('boolean', (value) => typeof value === 'boolean');
}

/** Anything (as in zod/mini, an object key of this type must still be present). */
export function unknown(): Schema<unknown> {
  return leaf('unknown', () => true);
}

/** @internal One of `values`; `v` keeps them for `discriminatedUnion`. */
export function oneOf<const T extends readonly (string | number | boolean | null)[]>(
  values: T,
): Schema<T[number]> & { readonly v: T } {
  return new Schema<T[number]>(
    '',
    (value, path, issues) => {
      if (!values.includes(value as T[number])) {
        fail(
          issues,
          path,
          'invalid_value',
          `expected ${values.length > 1 ? 'one of ' : ''}${values.join(', ')}`,
        );
      }
      return value;
    },
    { v: values },
  ) as Schema<T[number]> & { readonly v: T };
}

/**
 * One of the listed strings.
 *
 * @example
 * const interval = z.enum(['month', 'year']); // "interval: expected one of month, year"
 */
const _enum: <const T extends readonly string[]>(values: T) => Schema<T[number]> = oneOf;

export { _enum as enum };

/** Exactly this value. */
export function literal<const T extends string | number | boolean | null>(value: T): Schema<T> {
  return oneOf([value]);
}
