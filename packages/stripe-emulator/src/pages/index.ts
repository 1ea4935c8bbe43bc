/**
 * Hosted pages: checkout, customer portal and hosted invoice, server-rendered HTML driven by
 * classic form posts and 303 redirects (no JavaScript, no external assets).
 *
 * Driving them (by role in a browser, or by posting the same fields over HTTP):
 *
 * - `GET /checkout/:cs_id` — heading "Subscribe". Radio group "Test card" (radios named like
 *   `4242 4242 4242 4242 — Succeeds`, field `card`), text box "Card number" (field `number`,
 *   wins over the radio), text box "Email" (field `email`, only when the session knows no
 *   email), button "Subscribe" (posts `action=pay`), link "Cancel" (→ `cancel_url`).
 *   Success → 303 to `success_url` with `{CHECKOUT_SESSION_ID}` filled in; decline → 402 page
 *   with Stripe's message in `role="alert"`; 3DS card → 303 to `/checkout/:id/authenticate`.
 *   Expired session → 410; complete → "already complete" with a "Continue" link.
 * - `GET /checkout/:cs_id/authenticate` and `/invoice/:in_id/authenticate` — buttons
 *   "Complete authentication" (`action=complete`) and "Fail authentication" (`action=fail`).
 * - `GET /portal/:bps_id` — buttons "Cancel subscription" (`action=cancel&subscription=…`),
 *   "Renew subscription" (`action=resume`), radio group "Change plan" (field `price`) with
 *   button "Switch plan" (`action=switch`), radio group "New card" + "Card number" with button
 *   "Update payment method" (`action=update_card`), link "Return to site" (→ `return_url`).
 *   After an action: 303 to `/portal/:id?done=…` (a `role="status"` notice), or to the flow's
 *   `after_completion.redirect.return_url`.
 * - `GET /invoice/:in_id` — radio group "Pay with" ("Saved card (Visa •••• 0341)" /
 *   "Another card", field `source=saved|new`), radio group "Card" + "Card number", button
 *   "Pay $15.00" (`action=pay`); paid → 303 back to the invoice ("This invoice has been paid.");
 *   3DS → 303 to `/invoice/:id/authenticate`; decline → 402 with Stripe's message.
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

const ROUTE = /^\/(checkout|portal|invoice)\/([A-Za-z0-9_]+)(?:\/(authenticate|pdf))?\/?$/;

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
  if ((kind === 'portal' && sub) || (kind !== 'invoice' && sub === 'pdf')) {
    sendHtml(res, 404, renderMessage('Page not found', 'There is no page at this address.'));
    return true;
  }
  try {
    // like the API, a page first runs whatever fell due (session expiry, renewals…)
    runDue(ctx.engine, ctx.engine.clock.now());
    if (kind === 'checkout') await handleCheckout(req, res, ctx, id, sub);
    else if (kind === 'portal') await handlePortal(req, res, ctx, id, url.searchParams);
    else await handleInvoice(req, res, ctx, id, sub, url.searchParams);
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
