import { type Issue, type IssueCode, SchemaError } from './issue';

/** A failed check: its issue code and what to fix. */
export type CheckFailure = [code: IssueCode, message: string];

/** A refinement run after the type matched: returns a failure, or nothing when the value passes. */
export type Check<T> = (value: T) => CheckFailure | undefined;

/** The result of `safeParse`: the parsed data, or the error listing every issue. */
export type SafeParseResult<T> =
  | { success: true; data: T; error?: never }
  | { success: false; error: SchemaError; data?: never };

/** @internal Validates `value` at `path`, pushes issues, returns the parsed value. */
export type Run = (value: unknown, path: Issue['path'], issues: Issue[]) => unknown;

/**
 * A schema whose parsed value is `T`. Build one with the functions of this module
 * (`object`, `string`, …); schemas are immutable, `check` returns a new one.
 */
export class Schema<T> {
  /** Type-only: the parsed value's type (read it with `infer<typeof schema>`). */
  declare readonly _o: T;
  /** @internal Type name for messages (`expected integer, got string`). */
  declare readonly n: string;
  /** @internal Validates the type and the structure. */
  declare readonly r: Run;
  /** @internal Checks, run once the type matched. */
  declare readonly k: Check<never>[];

  /** `extra` holds what some kinds keep for others to read (`o`, `s`, `v`). */
  constructor(name: string, run: Run, extra?: object) {
    Object.assign(this, { n: name, r: run, k: [] }, extra);
  }

  /** @internal Runs the schema, then its checks if the type matched. */
  x(value: unknown, path: Issue['path'], issues: Issue[]): unknown {
    const count = issues.length;
    const out = this.r(value, path, issues);
    if (issues.length === count) {
      for (const check of this.k as Check<unknown>[]) {
        const failure = check(out);
        if (failure) fail(issues, path, ...failure);
      }
    }
    return out;
  }

  /** Validates without throwing. Plain objects drop unknown keys; strict objects refuse them. */
  safeParse(value: unknown): SafeParseResult<T> {
    const issues: Issue[] = [];
    const data = this.x(value, [], issues) as T;
    return issues.length
      ? { success: false, error: new SchemaError(issues) }
      : { success: true, data };
  }

  /** Validates and returns the parsed value; throws a `SchemaError` listing every issue. */
  parse(value: unknown): T {
    const result = this.safeParse(value);
    if (result.success) return result.data;
    throw result.error;
  }

  /**
   * A copy of this schema with more checks.
   *
   * @example
   * const planKey = string().check(regex(/^[a-z]+$/, 'must be lower-case letters'));
   */
  check(...checks: Check<T>[]): this {
    return Object.assign(Object.create(this) as this, { k: this.k.concat(checks) });
  }
}

/** A schema whose key may be absent from an object (`optional(…)`, `unknown()`). */
export type OptionalSchema<T> = Schema<T> & { readonly o: true };

/** The parsed type of a schema: `infer<typeof billingStatusSchema>`. */
export type Infer<S extends Schema<unknown>> = S['_o'];

/** How a value is named in `expected …, got …` (numbers with their value: `got number 1.5`). */
function kind(value: unknown): string {
  return value === null
    ? 'null'
    : Array.isArray(value)
      ? 'array'
      : typeof value === 'number'
        ? `number ${value}`
        : typeof value;
}

/** @internal Pushes `expected <name>, got <kind>` and returns the value unchanged. */
export function typeIssue(
  name: string,
  value: unknown,
  path: Issue['path'],
  issues: Issue[],
): unknown {
  fail(issues, path, 'invalid_type', `expected ${name}, got ${kind(value)}`);
  return value;
}

/** @internal Records an issue. */
export function fail(
  issues: Issue[],
  path: Issue['path'],
  code: IssueCode,
  message: string,
): undefined {
  issues.push({ path, message, code });
  return undefined;
}

/** @internal A schema for objects: `run` only sees non-null, non-array objects. */
export function objectLike<T>(
  run: (input: Record<string, unknown>, path: Issue['path'], issues: Issue[]) => unknown,
  extra?: object,
): Schema<T> {
  return new Schema<T>(
    'object',
    (input, path, issues) =>
      // Non-null, non-array object, as zod tests it.
      typeof input === 'object' && input !== null && !Array.isArray(input)
        ? run(input as Record<string, unknown>, path, issues)
        : typeIssue('object', input, path, issues),
    extra,
  );
}

/** @internal A schema that accepts values passing `test` as they are. */
export function leaf<T>(name: string, test: (value: unknown) => boolean): Schema<T> {
  return new Schema<T>(name, (value, path, issues) =>
    test(value) ? value : typeIssue(name, value, path, issues),
  );
}
