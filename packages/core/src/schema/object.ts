import { oneOf } from './primitives';
import { fail, type Infer, type OptionalSchema, objectLike, type Schema } from './schema';

/** The schemas of an object's keys. */
export type Shape = Record<string, Schema<unknown>>;

type Prettify<T> = { [K in keyof T]: T[K] } & {};

/** An object's parsed type, as zod infers it: keys of optional schemas become `key?:`. */
export type ObjectOutput<S extends Shape> = keyof S extends never
  ? Record<string, never>
  : Prettify<
      {
        -readonly [K in keyof S as S[K] extends OptionalSchema<unknown> ? never : K]: Infer<S[K]>;
      } & {
        -readonly [K in keyof S as S[K] extends OptionalSchema<unknown> ? K : never]?: Infer<S[K]>;
      }
    >;

/** An object schema; `s` is its shape (read by `discriminatedUnion`). */
export type ObjectSchema<S extends Shape> = Schema<ObjectOutput<S>> & { readonly s: S };

function shaped<S extends Shape>(shape: S, strict: boolean): ObjectSchema<S> {
  return objectLike<ObjectOutput<S>>(
    (input, path, issues) => {
      const out: Record<string, unknown> = {};
      for (const key in shape) {
        const schema = shape[key] as Schema<unknown> & { o?: true };
        const at = [...path, key];
        const count = issues.length;
        if (key in input) out[key] = schema.x(input[key], at, issues);
        // An absent key is an issue unless optional, even for a schema that takes undefined.
        else if (!schema.o) {
          schema.x(undefined, at, issues);
          if (issues.length === count) fail(issues, at, 'invalid_type', 'is required');
        }
      }
      if (strict) {
        for (const key in input) {
          if (!Object.hasOwn(shape, key)) {
            fail(issues, [...path, key], 'unrecognized_keys', 'unknown key, remove it');
          }
        }
      }
      return out;
    },
    { s: shape },
  ) as ObjectSchema<S>;
}

/**
 * An object with these keys; keys not in `shape` are dropped from the parsed value.
 *
 * @example
 * const price = z.object({ amount: z.int(), currency: z.string() });
 */
export function object<S extends Shape>(shape: S): ObjectSchema<S> {
  return shaped(shape, false);
}

/** An object with these keys and no others (an unknown key is an issue at its path). */
export function strictObject<S extends Shape>(shape: S): ObjectSchema<S> {
  return shaped(shape, true);
}

/**
 * One of several object schemas, chosen by the value of `key` (each option's `key` schema is a
 * `literal` or an `enum`).
 *
 * @example
 * z.discriminatedUnion('uiMode', [
 *   z.object({ uiMode: z.literal('hosted'), url: z.string() }),
 *   z.object({ uiMode: z.literal('embedded'), clientSecret: z.string() }),
 * ]);
 */
export function discriminatedUnion<
  K extends string,
  const T extends readonly ObjectSchema<Record<K, Schema<unknown>>>[],
>(key: K, options: T): Schema<Infer<T[number]>> {
  const valuesOf = (option: T[number]) => (option.s[key] as unknown as { v: string[] }).v;
  const tag = oneOf(options.flatMap(valuesOf));
  return objectLike((input, path, issues) => {
    const option = options.find((o) => valuesOf(o).includes(input[key] as string));
    return option ? option.x(input, path, issues) : tag.x(input[key], [...path, key], issues);
  });
}
