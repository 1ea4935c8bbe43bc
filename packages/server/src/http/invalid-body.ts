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
  /** `too_big` / `too_small`: the bound, and whether it is allowed itself. */
  maximum?: number | bigint;
  minimum?: number | bigint;
  inclusive?: boolean;
}

/** "at most 10000", "more than 0": the bound a `too_big` / `too_small` issue names. */
function bound(issue: BodyIssue): string | null {
  const big = issue.code === 'too_big';
  const limit = big ? issue.maximum : issue.minimum;
  if (limit === undefined || (!big && issue.code !== 'too_small')) return null;
  const words = big ? ['at most', 'less than'] : ['at least', 'more than'];
  return `${issue.inclusive === false ? words[1] : words[0]} ${limit}`;
}

const quoted = (values: readonly unknown[]) =>
  values
    .filter((value) => value != null)
    .map((value) => JSON.stringify(value))
    .join(', ');

/** What is wrong with the body, and what to do about it. */
function problem(issue: BodyIssue | undefined): string {
  if (!issue) return 'Invalid body: bad input.';
  const where = issue.path.length ? `"${issue.path.map(String).join('.')}"` : 'body';
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    return `The body has fields this request does not take: ${quoted(issue.keys)} — remove them.`;
  }
  const allowed = issue.values ?? issue.options;
  if (allowed) return `Invalid ${where}: expected one of ${quoted(allowed)}.`;
  if (issue.code === 'invalid_type' && issue.expected) {
    return `Invalid ${where}: expected ${issue.expected}.`;
  }
  const limit = issue.message === 'Invalid input' ? bound(issue) : null;
  return `Invalid ${where}: ${limit ? `expected ${limit}` : issue.message}.`;
}

/**
 * A 400 `INVALID_REQUEST` saying what to fix in the body: the fields to remove, or the field to
 * correct with what it takes (zod's own message is a bare "Invalid input").
 */
export function invalidBody(issue: BodyIssue | undefined): BillingError {
  return new BillingError('INVALID_REQUEST', problem(issue), {
    details: { path: issue?.path.map(String) ?? [] },
  });
}
