/**
 * Hosted pages: checkout, customer portal and hosted invoice, server-rendered HTML driven by
 * classic form posts and 303 redirects (no JavaScript, no external assets).
 *
 * URLs: `/checkout/:cs_id` (+ `/authenticate`), `/portal/:bps_id`, `/invoice/:in_id`
 * (+ `/authenticate`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { runDue } from '../engine/scheduler.js';
import { handleCheckout } from './checkout.js';
import { renderMessage } from './checkout-view.js';
import type { PageContext } from './context.js';
import { handleInvoice } from './invoice.js';
import { handlePortal } from './portal.js';
import { FormTooLargeError, sendHtml } from './respond.js';

export type { PageContext } from './context.js';

const ROUTE = /^\/(checkout|portal|invoice)\/([A-Za-z0-9_]+)(?:\/(authenticate))?\/?$/;

/**
 * Serves a hosted page if `req` names one. Returns `false` (having written nothing) for any
 * other path, so the caller can route it elsewhere.
 * @example if (!(await handlePage(req, res, { engine }))) routeApi(req, res);
 */
export async function handlePage(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: PageContext,
): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://emulator.local');
  const match = ROUTE.exec(url.pathname);
  if (!match) return false;
  const [, kind, id = '', sub] = match;
  if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'POST') {
    res.writeHead(405, { Allow: 'GET, HEAD, POST', 'Content-Length': 0 });
    res.end();
    return true;
  }
  if (kind === 'portal' && sub) {
    sendHtml(res, 404, renderMessage('Page not found', 'There is no page at this address.'));
    return true;
  }
  try {
    // like the API, a page first runs whatever fell due (session expiry, renewals…)
    runDue(ctx.engine, ctx.engine.clock.now());
    if (kind === 'checkout') await handleCheckout(req, res, ctx, id, sub);
    else if (kind === 'portal') await handlePortal(req, res, ctx, id, url.searchParams);
    else await handleInvoice(req, res, ctx, id, sub);
  } catch (err) {
    if (res.headersSent) throw err;
    const status = err instanceof FormTooLargeError ? 413 : 500;
    sendHtml(
      res,
      status,
      renderMessage(
        'Something went wrong',
        `The emulator could not handle this page: ${(err as Error).message}`,
      ),
    );
  }
  return true;
}
