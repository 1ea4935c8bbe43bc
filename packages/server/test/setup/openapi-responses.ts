/**
 * Every answer a billing handler gives in the server's tests (with response checks on, as under
 * NODE_ENV=test) is validated against the committed OpenAPI document, as is every answer of the
 * service built by helpers/service.ts (/health, /openapi.json, refusals before a route); a test
 * that saw an answer off the document fails.
 */
import { ROUTES, type RouteName } from '@tollgate/core';
import { afterEach } from 'vitest';
import { RESPONSE_OBSERVER } from '../../src/http/check-responses';
import { recordAnswer, takeAnswerProblems } from '../helpers/openapi';

(globalThis as Record<symbol, unknown>)[RESPONSE_OBSERVER] = (
  route: RouteName,
  status: number,
  body: unknown,
) => recordAnswer(ROUTES[route].method, `/api/billing${ROUTES[route].path}`, status, body);

afterEach(() => {
  const seen = takeAnswerProblems();
  if (seen.length > 0) {
    throw new Error(
      `Answers off packages/server/openapi.json (run \`pnpm openapi\` if the contract changed on purpose, or add the code to packages/server/src/openapi/route-errors.ts):\n${seen.join('\n')}`,
    );
  }
});
