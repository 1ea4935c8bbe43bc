import type { Issue } from './issue';
import { type Infer, type OptionalSchema, objectLike, Schema, typeIssue } from './schema';

/** `undefined` too; as an object key, it may be absent. */
export function optional<S extends Schema<unknown>>(
  schema: S,
): OptionalSchema<Infer<S> | undefined> {
  return new Schema<Infer<S> | undefined>(
    '',
    (value, path, issues) => (value === undefined ? value : schema.x(value, path, issues)),
    { o: true },
  ) as OptionalSchema<Infer<S> | undefined>;
}

/** `null` too. */
export function nullable<S extends Schema<unknown>>(schema: S): Schema<Infer<S> | null> {
  return new Schema('', (value, path, issues) =>
    value === null ? value : schema.x(value, path, issues),
  );
}

/** An array whose every item matches `item`. */
export function array<S extends Schema<unknown>>(item: S): Schema<Infer<S>[]> {
  return new Schema('array', (value, path, issues) =>
    Array.isArray(value)
      ? // Array.from, not map: a hole in a sparse array is an undefined item, not a skipped one.
        Array.from(value, (entry, index) => item.x(entry, [...path, index], issues))
      : typeIssue('array', value, path, issues),
  );
}

/**
 * An object used as a dictionary: every key matches `key`, every value matches `value`.
 *
 * @example
 * const entitlements = z.record(z.string(), z.union([z.boolean(), z.int()]));
 */
export function record<K extends Schema<string>, V extends Schema<unknown>>(
  key: K,
  value: V,
): Schema<Record<Infer<K>, Infer<V>>> {
  return objectLike((input, path, issues) => {
    const out: Record<string, unknown> = {};
    for (const name of Object.keys(input)) {
      if (name === '__proto__') continue;
      const at = [...path, name];
      key.x(name, at, issues);
      out[name] = value.x(input[name], at, issues);
    }
    return out;
  });
}

/**
 * The first of `options` that matches.
 *
 * @example
 * const limit = z.union([z.boolean(), z.int()]); // "expected boolean or integer, got string"
 */
export function union<const T extends readonly Schema<unknown>[]>(
  options: T,
): Schema<Infer<T[number]>> {
  const name = options.map((option) => option.n).join(' or ');
  return new Schema(name, (value, path, issues) => {
    for (const option of options) {
      const own: Issue[] = [];
      const out = option.x(value, path, own);
      if (!own.length) return out;
    }
    return typeIssue(name, value, path, issues);
  });
}
