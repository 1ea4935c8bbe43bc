import { randomUUID } from 'node:crypto';

/** The header carrying a request's id, in and out. */
export const REQUEST_ID_HEADER = 'x-request-id';

const SAFE = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The caller's `X-Request-Id` when it is a plain token (so a proxy's id follows the request into
 * these logs), else a new one. Anything else is replaced, never logged as given.
 */
export function requestIdOf(req: Request): string {
  const given = req.headers.get(REQUEST_ID_HEADER);
  return given && SAFE.test(given) ? given : `req_${randomUUID().replaceAll('-', '')}`;
}

/** The response with the request id set (copied when its headers are immutable). */
export function withRequestIdHeader(response: Response, requestId: string): Response {
  try {
    response.headers.set(REQUEST_ID_HEADER, requestId);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    copy.headers.set(REQUEST_ID_HEADER, requestId);
    return copy;
  }
}
