import {
  type BillingStatus,
  ERROR_STATUS,
  type ErrorCode,
  ROUTES,
  type RouteName,
} from '@tollgate/core';

type Handler = (body: unknown) => unknown | Promise<unknown>;

/** A reply that is an error in the contract's `{error: {code, message}}` shape. */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
  static error(code: ErrorCode, message = `${code} from the test server`) {
    return new Reply(ERROR_STATUS[code], { error: { code, message } });
  }
}

/**
 * A stand-in for OUR server (never for Stripe): answers the wire contract from handlers the test
 * provides, rejects request bodies that do not match core's request schemas (a client bug) and
 * answers that do not match the response schemas (a fixture bug, unless `newerServer` plays a
 * server that added fields), and records every call.
 */
export function contractServer(
  handlers: Partial<Record<RouteName, Handler>>,
  options: { newerServer?: boolean; base?: string } = {},
) {
  const calls: { route: RouteName; body: unknown }[] = [];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input), 'http://localhost');
    const entry = Object.entries(ROUTES).find(
      ([, route]) =>
        `${options.base ?? '/api/billing'}${route.path}` === url.pathname &&
        route.method === init.method,
    );
    if (!entry)
      return Response.json(
        { error: { code: 'NOT_FOUND', message: url.pathname } },
        { status: 404 },
      );
    const [name, route] = entry as [RouteName, (typeof ROUTES)[RouteName]];
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    if (route.request && !route.request.safeParse(body).success) {
      throw new Error(`client sent an off-contract ${name} body: ${String(init.body)}`);
    }
    calls.push({ route: name, body });
    const handler = handlers[name];
    if (!handler) return Response.json(Reply.error('NOT_FOUND').body, { status: 404 });
    const result = await handler(body);
    if (result instanceof Reply) return Response.json(result.body, { status: result.status });
    if (!options.newerServer && !route.response.safeParse(result).success) {
      throw new Error(`fixture for ${name} is off-contract: ${JSON.stringify(result)}`);
    }
    return Response.json(result);
  };
  return { fetch, calls, handlers };
}

/** A status handler that answers from a mutable value, for flows that change it. */
export function statusCell(initial: BillingStatus) {
  let current = initial;
  return {
    get: () => current,
    set: (next: BillingStatus) => {
      current = next;
    },
  };
}
