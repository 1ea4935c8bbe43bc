/**
 * Next.js App Router route exports for `billing.handler`, for a catch-all route file.
 *
 * @example
 * // app/api/billing/[...tollgate]/route.ts
 * export const { GET, POST } = toNextHandler(billing);
 */
export function toNextHandler(
  billing: { handler: (req: Request) => Promise<Response> } | ((req: Request) => Promise<Response>),
): { GET: (req: Request) => Promise<Response>; POST: (req: Request) => Promise<Response> } {
  const handler = typeof billing === 'function' ? billing : billing.handler;
  const route = (req: Request) => handler(req);
  return { GET: route, POST: route };
}
