import { getRequestListener } from '@hono/node-server';
import { BillingError } from '@tollgate/core';

type Listener = ReturnType<typeof getRequestListener>;
type NodeRequest = Parameters<Listener>[0] & {
  originalUrl?: string;
  body?: unknown;
  _body?: boolean;
};
type NodeResponse = Parameters<Listener>[1];

const BODY_READ_FIRST =
  'A body parser read this request before Tollgate: mount app.use("/api/billing", toNodeHandler(billing)) before express.json() (or any body parser) — the webhook needs Stripe\'s raw body.';

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
    // A body parser mounted first (express.json()) has consumed the stream: say so, not "Body is unusable".
    if (req._body === true || req.body !== undefined) {
      const error = new BillingError('CONFIG_INVALID', BODY_READ_FIRST);
      res.writeHead(error.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(error.toBody()));
      return;
    }
    if (req.originalUrl && 'url' in req) (req as { url: string }).url = req.originalUrl;
    listener(req, res).catch((error: unknown) =>
      next ? next(error) : res.destroy(error as Error),
    );
  };
}
