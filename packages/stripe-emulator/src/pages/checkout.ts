import type { IncomingMessage, ServerResponse } from 'node:http';
import type Stripe from 'stripe';
import { checkoutRedirectUrl, collectsCard } from '../engine/checkout.js';
import { applyPromotionCode } from '../engine/checkout-amounts.js';
import { asksAddress } from '../engine/checkout-tax.js';
import {
  authenticateCheckout,
  checkoutLines,
  checkoutTrialDays,
  payCheckout,
} from '../engine/hosted-actions.js';
import { chosenCard } from './cards.js';
import { renderChallenge, renderCheckout, renderMessage } from './checkout-view.js';
import type { PageContext } from './context.js';
import { pageError } from './errors.js';
import { money } from './html.js';
import { readForm, redirect, sendHtml } from './respond.js';

interface Entered {
  promotionCode?: string;
  country?: string;
  email?: string;
  card?: string;
  number?: string;
  error?: string | null;
}

function page(ctx: PageContext, session: Stripe.Checkout.Session, entered: Entered = {}): string {
  const customer = session.customer ? ctx.engine.state.customers[String(session.customer)] : null;
  const known =
    customer?.email ?? session.customer_email ?? session.customer_details?.email ?? null;
  return renderCheckout({
    session,
    lines: checkoutLines(ctx.engine, session),
    trialDays: checkoutTrialDays(ctx.engine, session),
    askEmail: !known,
    collectsCard: collectsCard(ctx.engine, session),
    askAddress: asksAddress(ctx.engine, session),
    ...((entered.country ?? customer?.address?.country)
      ? { country: entered.country || customer?.address?.country || '' }
      : {}),
    email: known ?? entered.email ?? '',
    error: entered.error ?? null,
    promotionCode: entered.promotionCode ?? appliedCode(ctx, session),
    appliedCode: appliedCode(ctx, session),
    ...(entered.card ? { selectedCard: entered.card } : {}),
    ...(entered.number ? { typedNumber: entered.number } : {}),
  });
}

/** The code of the promotion code a session holds, if any. */
function appliedCode(ctx: PageContext, session: Stripe.Checkout.Session): string {
  const promo = session.discounts?.[0]?.promotion_code;
  return promo ? (ctx.engine.state.promotionCodes[String(promo)]?.code ?? '') : '';
}

function closed(res: ServerResponse, session: Stripe.Checkout.Session): boolean {
  if (session.status === 'expired') {
    sendHtml(
      res,
      410,
      renderMessage(
        'Session expired',
        'This checkout session has expired. Go back and start again.',
      ),
    );
    return true;
  }
  if (session.status === 'complete') {
    const url = checkoutRedirectUrl(session, 'success');
    sendHtml(
      res,
      200,
      renderMessage(
        'Payment complete',
        'This checkout session is already complete.',
        url ? { href: url, label: 'Continue' } : null,
      ),
    );
    return true;
  }
  return false;
}

/** GET/POST `/checkout/:id` and `/checkout/:id/authenticate`. */
export async function handleCheckout(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: PageContext,
  id: string,
  sub: string | undefined,
): Promise<void> {
  const session = ctx.engine.state.checkoutSessions[id];
  if (!session) {
    sendHtml(
      res,
      404,
      renderMessage('Session not found', 'There is no checkout session at this address.'),
    );
    return;
  }
  if (closed(res, session)) return;
  const self = `/checkout/${encodeURIComponent(id)}`;
  const success = (s: Stripe.Checkout.Session) =>
    redirect(res, checkoutRedirectUrl(s, 'success') ?? self);

  if (sub === 'authenticate') {
    const pending = ctx.engine.state.internal.pendingCheckout[id];
    if (req.method !== 'POST') {
      if (!pending) return redirect(res, self);
      const pm = ctx.engine.state.paymentMethods[pending.paymentMethod];
      const lines = checkoutLines(ctx.engine, session);
      const due = session.amount_total ?? 0;
      sendHtml(
        res,
        200,
        renderChallenge({
          title: 'Authenticate your card',
          action: `${self}/authenticate`,
          amount: money(due, lines[0]?.currency ?? session.currency ?? 'usd'),
          last4: pm?.card?.last4 ?? '????',
        }),
      );
      return;
    }
    const form = await readForm(req);
    try {
      const outcome = authenticateCheckout(
        ctx.engine,
        id,
        form.get('action') === 'complete' ? 'complete' : 'fail',
      );
      if (outcome.status === 'succeeded') return success(session);
      if (outcome.status === 'requires_action') return redirect(res, `${self}/authenticate`);
      sendHtml(res, 402, page(ctx, session, { error: outcome.message }));
    } catch (err) {
      const { status, message } = pageError(err);
      sendHtml(res, status, page(ctx, session, { error: message }));
    }
    return;
  }

  if (req.method !== 'POST') {
    sendHtml(res, 200, page(ctx, session));
    return;
  }
  const form = await readForm(req);
  if (form.get('action') === 'promotion_code') {
    const code = (form.get('promotion_code') ?? '').trim();
    try {
      applyPromotionCode(ctx.engine, id, code);
      sendHtml(res, 200, page(ctx, session, { promotionCode: code }));
    } catch (err) {
      const { status, message } = pageError(err);
      sendHtml(res, status, page(ctx, session, { promotionCode: code, error: message }));
    }
    return;
  }
  const entered: Entered = {
    email: (form.get('email') ?? '').trim(),
    card: form.get('card') ?? '',
    number: form.get('number') ?? '',
    country: form.get('country') ?? '',
  };
  try {
    const outcome = payCheckout(ctx.engine, id, {
      email: entered.email ?? '',
      number: chosenCard(form),
      country: entered.country ?? '',
      taxId: (form.get('tax_id') ?? '').trim(),
    });
    if (outcome.status === 'succeeded') return success(session);
    if (outcome.status === 'requires_action') return redirect(res, `${self}/authenticate`);
    sendHtml(res, 402, page(ctx, session, { ...entered, error: outcome.message }));
  } catch (err) {
    const { status, message } = pageError(err);
    sendHtml(res, status, page(ctx, session, { ...entered, error: message }));
  }
}
