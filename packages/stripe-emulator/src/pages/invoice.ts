import type { IncomingMessage, ServerResponse } from 'node:http';
import type Stripe from 'stripe';
import {
  authenticateInvoice,
  effectiveDefaultCard,
  payInvoiceFromPage,
} from '../engine/hosted-actions.js';
import { getInvoice, invoicePaymentIntent } from '../engine/invoices.js';
import { chosenCard } from './cards.js';
import { renderChallenge, renderMessage } from './checkout-view.js';
import type { PageContext } from './context.js';
import { pageError } from './errors.js';
import { money } from './html.js';
import { invoicePdf } from './invoice-pdf.js';
import { renderInvoice } from './invoice-view.js';
import { readForm, redirect, sendHtml } from './respond.js';

function view(
  ctx: PageContext,
  invoice: Stripe.Invoice,
  extra: { error?: string; notice?: string; returnUrl?: string | null } = {},
) {
  const { state } = ctx.engine;
  const pi = invoicePaymentIntent(ctx.engine, invoice);
  const savedId = effectiveDefaultCard(ctx.engine, String(invoice.customer));
  const saved = savedId ? (state.paymentMethods[savedId] ?? null) : null;
  return renderInvoice({
    invoice,
    saved,
    requiresAction: pi?.status === 'requires_action',
    ...extra,
  });
}

/** A `return_url` safe to link to: http(s) or a path on the emulator. */
function safeReturnUrl(raw: string | null): string | null {
  if (!raw) return null;
  if (raw.startsWith('/') && !raw.startsWith('//')) return raw;
  return URL.canParse(raw) && /^https?:$/.test(new URL(raw).protocol) ? raw : null;
}

/**
 * GET/POST `/invoice/:id`, `/invoice/:id/authenticate` and `/invoice/:id/pdf`. A `return_url`
 * query (the portal passes its own) is kept through payment and 3-D Secure, and the page then
 * offers "Return to the site".
 */
export async function handleInvoice(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: PageContext,
  id: string,
  sub: string | undefined,
  query: URLSearchParams = new URLSearchParams(),
): Promise<void> {
  const invoice = ctx.engine.state.invoices[id];
  if (!invoice || invoice.status === 'draft') {
    sendHtml(
      res,
      404,
      renderMessage('Invoice not found', 'There is no finalized invoice at this address.'),
    );
    return;
  }
  if (sub === 'pdf') {
    const customer = ctx.engine.state.customers[String(invoice.customer)];
    const pdf = invoicePdf(invoice, customer?.name ?? customer?.email ?? String(invoice.customer));
    res.writeHead(200, {
      'Content-Type': 'application/pdf',
      'Content-Length': pdf.length,
      'Content-Disposition': `inline; filename="${invoice.number ?? invoice.id}.pdf"`,
    });
    res.end(pdf);
    return;
  }
  const returnUrl = safeReturnUrl(query.get('return_url'));
  const keep = returnUrl ? `?return_url=${encodeURIComponent(returnUrl)}` : '';
  const base = `/invoice/${encodeURIComponent(id)}`;
  const self = `${base}${keep}`;
  const withReturn = { returnUrl };
  if (sub === 'authenticate') {
    const pi = invoicePaymentIntent(ctx.engine, invoice);
    if (req.method === 'POST') {
      const form = await readForm(req);
      const result = form.get('action') === 'complete' ? 'complete' : 'fail';
      try {
        const outcome = authenticateInvoice(ctx.engine, id, result);
        if (outcome === 'succeeded') return redirect(res, self);
        const message = pi?.last_payment_error?.message ?? 'Authentication failed.';
        sendHtml(
          res,
          402,
          view(ctx, getInvoice(ctx.engine, id), { error: message, ...withReturn }),
        );
      } catch (err) {
        const { status, message } = pageError(err);
        sendHtml(res, status, view(ctx, invoice, { error: message, ...withReturn }));
      }
      return;
    }
    if (pi?.status !== 'requires_action') return redirect(res, self);
    const pm = ctx.engine.state.paymentMethods[String(pi.payment_method)];
    sendHtml(
      res,
      200,
      renderChallenge({
        title: 'Authenticate payment',
        action: `${base}/authenticate${keep}`,
        amount: money(pi.amount, pi.currency),
        last4: pm?.card?.last4 ?? '????',
      }),
    );
    return;
  }
  if (req.method !== 'POST') {
    sendHtml(res, 200, view(ctx, invoice, withReturn));
    return;
  }
  const form = await readForm(req);
  try {
    const outcome = payInvoiceFromPage(ctx.engine, id, {
      source: form.get('source') === 'saved' ? 'saved' : 'new',
      number: chosenCard(form),
    });
    if (outcome.status === 'succeeded') return redirect(res, self);
    if (outcome.status === 'requires_action') return redirect(res, `${base}/authenticate${keep}`);
    sendHtml(res, 402, view(ctx, invoice, { error: outcome.message, ...withReturn }));
  } catch (err) {
    const { status, message } = pageError(err);
    sendHtml(res, status, view(ctx, invoice, { error: message, ...withReturn }));
  }
}
