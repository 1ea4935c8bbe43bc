import { BillingError, errorBodySchema, ROUTES, type RouteName } from '@tollgate/core';
import type { Logger } from '../logger';
import type { Handler } from './endpoint';
import { errorResponse } from './errors';

/** Whether the runtime says it is developing or testing (`NODE_ENV`), read without `node:*`. */
export function isDevelopment(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env?.NODE_ENV;
  return env === 'development' || env === 'test';
}

/**
 * Where a test suite may put `(route, status, body) => void` to see every answer checked here, as
 * it leaves (after an off-contract one was replaced) — the server's tests validate each one
 * against the committed OpenAPI document this way.
 */
export const RESPONSE_OBSERVER = Symbol.for('tollgate.checkedResponse');
type Observer = (route: RouteName, status: number, body: unknown) => void;

/**
 * Checks every JSON answer of a route against its zod schema in the contract (success bodies
 * against `ROUTES[name].response`, errors against `errorBodySchema`). An answer off the contract
 * is logged and replaced by a 500, so the mistake shows in development and tests instead of in a
 * browser that trusts the types. Off in production: the browser ships no validator of its own.
 */
export function checkingResponses(name: RouteName, handler: Handler, logger: Logger): Handler {
  return async (req) => {
    const response = await handler(req);
    if (!response.headers.get('content-type')?.startsWith('application/json')) return response;
    const body: unknown = await response.clone().json();
    const observe = (globalThis as { [RESPONSE_OBSERVER]?: Observer })[RESPONSE_OBSERVER];
    const schema = response.ok ? ROUTES[name].response : errorBodySchema;
    const parsed = schema.safeParse(body);
    if (parsed.success) {
      observe?.(name, response.status, body);
      return response;
    }
    const issue = parsed.error.issues[0];
    const where = `${ROUTES[name].method} ${ROUTES[name].path}`;
    const replaced = errorResponse(
      new BillingError(
        'INTERNAL_ERROR',
        `${where} answered HTTP ${response.status} off the contract (${issue?.path.join('.') || 'body'}: ${issue?.message}) — a Tollgate server bug; checkResponses found it.`,
      ),
      logger,
      where,
    );
    observe?.(name, replaced.status, await replaced.clone().json());
    return replaced;
  };
}
