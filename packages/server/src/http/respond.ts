const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
} as const;

/** A JSON response that no cache keeps (billing state is per user and changes). */
export function json(data: unknown, status = 200, headers?: Record<string, string>): Response {
  return jsonText(JSON.stringify(data), status, headers);
}

/** {@link json} for a body already serialised (a status the status cache kept). */
export function jsonText(body: string, status = 200, headers?: Record<string, string>): Response {
  return new Response(body, {
    status,
    headers: headers ? { ...JSON_HEADERS, ...headers } : JSON_HEADERS,
  });
}
