import { BillingError, ROUTES, type RouteName } from '@tollgate/core';
import type { Handler } from './http/endpoint';
import { errorResponse } from './http/errors';
import type { Logger } from './logger';

/**
 * Routes `basePath + ROUTES[name].path` to its handler. Unknown paths answer 404 with the list
 * of routes; each handler checks its own method.
 */
export function createRouter(
  basePath: string,
  handlers: Record<RouteName, Handler>,
  logger: Logger,
): Handler {
  const byPath = new Map<string, Handler>();
  for (const name of Object.keys(ROUTES) as RouteName[]) {
    byPath.set(`${basePath}${ROUTES[name].path}`, handlers[name]);
  }
  // Not async: a route's own promise is the answer, without one more wrapped around it per request.
  return (req) => {
    const pathname = pathOf(req.url);
    const path = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
    const handler = byPath.get(path);
    return handler ? handler(req) : notFound(path);
  };
  async function notFound(path: string): Promise<Response> {
    return errorResponse(
      new BillingError(
        'NOT_FOUND',
        `No billing route at ${path} — routes live under ${basePath || '/'}: ${Object.values(ROUTES)
          .map((r) => r.path)
          .join(', ')}.`,
      ),
      logger,
      'router',
    );
  }
}

/**
 * The path of a request URL, without building a `URL` on every request (a measurable share of
 * the adapter's own CPU per webhook). `Request.url` is serialized, so its path runs from the first
 * "/" after "//host" to the first "?" or "#"; anything else goes through `URL`.
 */
function pathOf(url: string): string {
  const authority = url.indexOf('//');
  const start = authority < 0 ? -1 : url.indexOf('/', authority + 2);
  if (start < 0) return new URL(url).pathname;
  let end = url.length;
  for (const mark of ['?', '#']) {
    const at = url.indexOf(mark, start);
    if (at >= 0 && at < end) end = at;
  }
  return url.slice(start, end);
}
