import { getRequestListener } from '@hono/node-server';

type Listener = ReturnType<typeof getRequestListener>;
type NodeRequest = Parameters<Listener>[0] & { originalUrl?: string };
type NodeResponse = Parameters<Listener>[1];

/**
 * A node:http / Express / Connect handler for `billing.handler`. Built on @hono/node-server's
 * lazy Request, so Node does not pay for a full WHATWG Request on every call. Mount it before
 * any body parser: the webhook needs the raw body.
 *
 * @example
 * http.createServer(toNodeHandler(billing)).listen(3000);
 * app.use('/api/billing', toNodeHandler(billing)); // Express keeps the full path in originalUrl
 */
export function toNodeHandler(
  billing: { handler: (req: Request) => Promise<Response> } | ((req: Request) => Promise<Response>),
) {
  const handler = typeof billing === 'function' ? billing : billing.handler;
  const listener = getRequestListener((req) => handler(req));
  return (req: NodeRequest, res: NodeResponse, next?: (error?: unknown) => void): void => {
    if (req.originalUrl && 'url' in req) (req as { url: string }).url = req.originalUrl;
    listener(req, res).catch((error: unknown) =>
      next ? next(error) : res.destroy(error as Error),
    );
  };
}
