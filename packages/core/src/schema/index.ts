/**
 * Tollgate's own schema library: the subset of zod/mini's API the wire contract uses, at a
 * fraction of its bundle size. Same call shape (`z.object`, `z.string().check(z.regex(…))`,
 * `z.infer<typeof s>`), `safeParse`/`parse`, zod's issue codes, and messages that say what to
 * fix (`interval: expected one of month, year`).
 *
 * @example
 * import * as z from '../schema';
 * const price = z.object({ interval: z.enum(['month', 'year']), amount: z.int() });
 * type Price = z.infer<typeof price>;
 */
export type { CheckParams } from './checks';
export {
  gte,
  lte,
  maxLength,
  minLength,
  nonnegative,
  positive,
  refine,
  regex,
} from './checks';
export { iso } from './iso';
export type { Issue, IssueCode } from './issue';
export { SchemaError } from './issue';
export type { ObjectOutput, ObjectSchema, Shape } from './object';
export { discriminatedUnion, object, strictObject } from './object';
export { boolean, enum, int, literal, string, unknown } from './primitives';
export type {
  Check,
  CheckFailure,
  Infer,
  Infer as infer,
  Infer as output,
  OptionalSchema,
  SafeParseResult,
} from './schema';
export { Schema } from './schema';
export { array, nullable, optional, record, union } from './wrappers';
