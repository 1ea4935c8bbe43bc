import { errorBodySchema, ROUTES, type RouteName } from '@tollgate/core';

/** A route a story can mock: every contract route except the Stripe webhook. */
export type MockedRoute = Exclude<RouteName, 'webhook'>;

/** Every route a story can mock, read from the contract's route table. */
export const MOCKED_ROUTES = (Object.keys(ROUTES) as RouteName[]).filter(
  (route): route is MockedRoute => route !== 'webhook',
);

const violations: string[] = [];

/**
 * Record a contract violation: a story fixture the server could never send, or a request the
 * server would reject. The preview's `afterEach` turns any of them into a failed story.
 */
export function reportViolation(message: string): void {
  violations.push(message);
  console.error(`[tollgate storybook] ${message}`);
}

/** Violations recorded since the last call (and forget them). */
export function takeViolations(): string[] {
  return violations.splice(0, violations.length);
}

/**
 * Check a response body against the route's zod response schema in `@tollgate/core`, the schema
 * the server checks its own answers with (the React client ships no validator). Returns the
 * problem, or null.
 */
export function checkResponse(route: MockedRoute, body: unknown): string | null {
  const result = ROUTES[route].response.safeParse(body);
  if (result.success) return null;
  return `fixture for ${ROUTES[route].method} ${ROUTES[route].path} does not match the contract — ${result.error.message}`;
}

/** Check an error body against the contract's `{error: {code, message}}` shape. */
export function checkErrorBody(route: MockedRoute, body: unknown): string | null {
  const result = errorBodySchema.safeParse(body);
  if (result.success) return null;
  return `error for ${ROUTES[route].path} does not match the contract — ${result.error.message}`;
}

/**
 * Check a request body the component sent against the route's request schema, exactly as the
 * server's handler would. Returns the problem, or null.
 */
export function checkRequest(route: MockedRoute, body: unknown): string | null {
  const schema = ROUTES[route].request;
  if (schema === null) return null;
  const result = schema.safeParse(body ?? {});
  if (result.success) return null;
  return `${ROUTES[route].method} ${ROUTES[route].path} was sent a body the server rejects — ${result.error.message}`;
}
