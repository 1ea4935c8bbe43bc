import type { IncomingMessage, ServerResponse } from 'node:http';
import type Stripe from 'stripe';
import {
  effectiveDefaultCard,
  portalCancel,
  portalConfiguration,
  portalMakeDefault,
  portalPlans,
  portalResume,
  portalSwitchPrice,
  portalUpdateCard,
} from '../engine/hosted-actions.js';
import { valuesOf } from '../state.js';
import { chosenCard } from './cards.js';
import { renderMessage } from './checkout-view.js';
import type { PageContext } from './context.js';
import { pageError } from './errors.js';
import { type PortalView, renderPortal } from './portal-view.js';
import { readForm, redirect, sendHtml } from './respond.js';

const NOTICES: Record<string, string> = {
  card: 'Your payment method was updated.',
  cancel: 'Your subscription will be canceled at the end of the billing period.',
  canceled: 'Your subscription was canceled.',
  resume: 'Your subscription will renew.',
  switch: 'Your plan was changed.',
};

function view(
  ctx: PageContext,
  session: Stripe.BillingPortal.Session,
  extra: Pick<PortalView, 'error' | 'notice'> = {},
): string {
  const { state } = ctx.engine;
  const customer = state.customers[session.customer];
  if (!customer) return renderMessage('Session expired', 'This customer no longer exists.');
  const subscriptions = valuesOf(state.subscriptions)
    .filter((s) => s.customer === customer.id)
    .reverse();
  const priceNames: Record<string, string> = {};
  for (const sub of subscriptions) {
    for (const item of sub.items.data) {
      const product = state.products[String(item.price.product)];
      priceNames[item.price.id] = product?.name ?? item.price.nickname ?? item.price.id;
    }
  }
  const cardId = effectiveDefaultCard(ctx.engine, customer.id);
  const features = portalConfiguration(ctx.engine, session)?.features;
  return renderPortal({
    session,
    customer,
    subscriptions,
    priceNames,
    plans: portalPlans(ctx.engine, session),
    card: cardId ? (state.paymentMethods[cardId] ?? null) : null,
    paymentMethods: valuesOf(state.paymentMethods)
      .filter((pm) => pm.customer === customer.id)
      .reverse(),
    invoices:
      features?.invoice_history.enabled === false
        ? null
        : valuesOf(state.invoices)
            .filter((i) => i.customer === customer.id && i.status !== 'draft')
            .reverse(),
    canUpdateCard: features?.payment_method_update.enabled !== false,
    ...extra,
  });
}

/** GET/POST `/portal/:id`. */
export async function handlePortal(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: PageContext,
  id: string,
  query: URLSearchParams,
): Promise<void> {
  const session = ctx.engine.state.portalSessions[id];
  if (!session) {
    sendHtml(
      res,
      404,
      renderMessage('Session not found', 'There is no billing portal session at this address.'),
    );
    return;
  }
  if (req.method !== 'POST') {
    sendHtml(res, 200, view(ctx, session, { notice: NOTICES[query.get('done') ?? ''] ?? null }));
    return;
  }
  const form = await readForm(req);
  const action = form.get('action') ?? '';
  const subscription = form.get('subscription') ?? '';
  try {
    let done = action;
    if (action === 'update_card') {
      portalUpdateCard(ctx.engine, session, chosenCard(form));
      done = 'card';
    } else if (action === 'default') {
      portalMakeDefault(ctx.engine, session, form.get('payment_method') ?? '');
      done = 'card';
    } else if (action === 'cancel') {
      done = portalCancel(ctx.engine, session, subscription);
    } else if (action === 'resume') {
      portalResume(ctx.engine, session, subscription);
    } else if (action === 'switch') {
      portalSwitchPrice(ctx.engine, session, subscription, form.get('price') ?? '');
    } else {
      sendHtml(res, 400, view(ctx, session, { error: `Unknown action "${action}".` }));
      return;
    }
    const after = session.flow?.after_completion;
    if (session.flow && after?.type === 'redirect' && after.redirect?.return_url) {
      return redirect(res, after.redirect.return_url);
    }
    redirect(res, `/portal/${encodeURIComponent(id)}?done=${encodeURIComponent(done)}`);
  } catch (err) {
    const { status, message } = pageError(err);
    sendHtml(res, status, view(ctx, session, { error: message }));
  }
}
