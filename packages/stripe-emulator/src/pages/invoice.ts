import type { IncomingMessage, ServerResponse } from 'node:http';
import type Stripe from 'stripe';
import { authenticateInvoice, payInvoiceFromPage } from '../engine/hosted-actions.js';
import { getInvoice, invoicePaymentIntent } from '../engine/invoices.js';
import { chosenCard } from './cards.js';
import { renderChallenge, renderMessage } from './checkout-view.js';
import type { PageContext } from './context.js';
import { pageError } from './errors.js';
import { money } from './html.js';
import { renderInvoice } from './invoice-view.js';
import { readForm, redirect, sendHtml } from './respond.js';

function view(
  ctx: PageContext,
  invoice: Stripe.Invoice,
  extra: { error?: string; notice?: string } = {},
) {
  const { state } = ctx.engine;
  const pi = invoicePaymentIntent(ctx.engine, invoice);
  const customer = state.customers[String(invoice.customer)];
  const savedId = customer?.invoice_settings.default_payment_method;
  const saved = savedId ? (state.paymentMethods[String(savedId)] ?? null) : null;
  return renderInvoice({
    invoice,
    saved,
    requiresAction: pi?.status === 'requires_action',
    ...extra,
  });
}

/** GET/POST `/invoice/:id` and `/invoice/:id/authenticate`. */
export async function handleInvoice(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: PageContext,
  id: string,
  sub: string | undefined,
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
  const self = `/invoice/${encodeURIComponent(id)}`;
  if (sub === 'authenticate') {
    const pi = invoicePaymentIntent(ctx.engine, invoice);
    if (req.method === 'POST') {
      const form = await readForm(req);
      const result = form.get('action') === 'complete' ? 'complete' : 'fail';
      try {
        const outcome = authenticateInvoice(ctx.engine, id, result);
        if (outcome === 'succeeded') return redirect(res, self);
        const message = pi?.last_payment_error?.message ?? 'Authentication failed.';
        sendHtml(res, 402, view(ctx, getInvoice(ctx.engine, id), { error: message }));
      } catch (err) {
        const { status, message } = pageError(err);
        sendHtml(res, status, view(ctx, invoice, { error: message }));
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
        action: `${self}/authenticate`,
        amount: money(pi.amount, pi.currency),
        last4: pm?.card?.last4 ?? '????',
      }),
    );
    return;
  }
  if (req.method !== 'POST') {
    sendHtml(res, 200, view(ctx, invoice));
    return;
  }
  const form = await readForm(req);
  try {
    const outcome = payInvoiceFromPage(ctx.engine, id, {
      source: form.get('source') === 'saved' ? 'saved' : 'new',
      number: chosenCard(form),
    });
    if (outcome.status === 'succeeded') return redirect(res, self);
    if (outcome.status === 'requires_action') return redirect(res, `${self}/authenticate`);
    sendHtml(res, 402, view(ctx, invoice, { error: outcome.message }));
  } catch (err) {
    const { status, message } = pageError(err);
    sendHtml(res, status, view(ctx, invoice, { error: message }));
  }
}
