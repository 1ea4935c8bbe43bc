import { BillingError } from '@tollgate/core';

/** The parts of a zod issue a 400's message is made of. */
export interface BodyIssue {
  path: PropertyKey[];
  message: string;
  code?: string;
  /** `unrecognized_keys`: the fields the request does not take. */
  keys?: string[];
  /** `invalid_value`: the values allowed; a discriminated union's `options`: the kinds known. */
  values?: readonly unknown[];
  options?: readonly unknown[];
  /** `invalid_type`: the type expected. */
  expected?: string;
}

const quoted = (values: readonly unknown[]) =>
  values
    .filter((value) => value != null)
    .map((value) => JSON.stringify(value))
    .join(', ');

/**
 * A 400 `INVALID_REQUEST` saying what to fix in the body: the fields to remove, or the field to
 * correct with what it takes (zod's own message is a bare "Invalid input").
 */
export function invalidBody(issue: BodyIssue | undefined): BillingError {
  const path = issue?.path.map(String) ?? [];
  const where = path.length ? `"${path.join('.')}"` : 'body';
  const allowed = issue?.values ?? issue?.options;
  const message =
    issue?.code === 'unrecognized_keys' && issue.keys
      ? `The body has fields this request does not take: ${quoted(issue.keys)} — remove them.`
      : allowed
        ? `Invalid ${where}: expected one of ${quoted(allowed)}.`
        : issue?.code === 'invalid_type' && issue.expected
          ? `Invalid ${where}: expected ${issue.expected}.`
          : `Invalid ${where}: ${issue?.message ?? 'bad input'}.`;
  return new BillingError('INVALID_REQUEST', message, { details: { path } });
}
