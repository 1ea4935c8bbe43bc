import type Stripe from 'stripe';
import type { PortalPlan } from '../engine/hosted-actions.js';
import { cardPicker } from './cards.js';
import { alert, date, type Html, html, layout, money, notice, perInterval } from './html.js';

/** Everything the portal page shows. */
export interface PortalView {
  session: Stripe.BillingPortal.Session;
  customer: Stripe.Customer;
  subscriptions: readonly Stripe.Subscription[];
  /** Names of the prices in the subscriptions, by price id. */
  priceNames: Readonly<Record<string, string>>;
  plans: readonly PortalPlan[];
  card: Stripe.PaymentMethod | null;
  /** The customer's saved cards, newest first. */
  paymentMethods: readonly Stripe.PaymentMethod[];
  /** The customer's finalized invoices, newest first (when the configuration shows them). */
  invoices: readonly Stripe.Invoice[] | null;
  /** Whether the configuration lets the customer change payment methods. */
  canUpdateCard: boolean;
  error?: string | null;
  notice?: string | null;
}

/** `Visa •••• 4242` */
export function cardName(pm: Stripe.PaymentMethod | null): string {
  if (!pm?.card) return 'No card on file';
  const brand = pm.card.brand.charAt(0).toUpperCase() + pm.card.brand.slice(1);
  return `${brand} •••• ${pm.card.last4}`;
}

export function priceLabel(price: Stripe.Price, name: string): string {
  const amount = money(price.unit_amount ?? 0, price.currency);
  const interval = perInterval(
    price.recurring?.interval ?? null,
    price.recurring?.interval_count ?? 1,
  );
  return `${name} — ${amount}${interval}`;
}

function subscriptionSection(view: PortalView, sub: Stripe.Subscription, action: string): Html {
  const item = sub.items.data[0];
  const priceId = item?.price.id ?? '';
  const name = view.priceNames[priceId] ?? priceId;
  const periodEnd = item?.current_period_end ?? null;
  const live = sub.status !== 'canceled' && sub.status !== 'incomplete_expired';
  const ending = sub.cancel_at_period_end || sub.cancel_at !== null;
  const choices = view.plans.filter((p) => p.price.id !== priceId);
  const hidden = html`<input type="hidden" name="subscription" value="${sub.id}">`;
  return html`<section aria-labelledby="sub-${sub.id}" data-subscription="${sub.id}" data-status="${sub.status}">
<h2 id="sub-${sub.id}">Current plan</h2>
<p><strong>${item ? priceLabel(item.price, name) : 'No items'}</strong></p>
<p>Status: <span data-testid="status">${sub.status}</span>${
    ending
      ? html` · <span data-testid="cancel-note">Cancels on ${date(sub.cancel_at ?? periodEnd)}</span>`
      : periodEnd && live
        ? html` · Renews on ${date(periodEnd)}`
        : ''
  }</p>
${
  live && !ending
    ? html`<form method="post" action="${action}"><input type="hidden" name="action" value="cancel">${hidden}<button type="submit" class="danger">Cancel subscription</button></form>`
    : ''
}
${
  live && ending
    ? html`<form method="post" action="${action}"><input type="hidden" name="action" value="resume">${hidden}<button type="submit">Renew subscription</button></form>`
    : ''
}
${
  live && choices.length > 0
    ? html`<form method="post" action="${action}" aria-label="Change plan">
<input type="hidden" name="action" value="switch">${hidden}
<fieldset><legend>Change plan</legend>
${choices.map(
  (p, i) =>
    html`<div class="choice"><input type="radio" name="price" id="price-${i}" value="${p.price.id}"${i === 0 ? html` checked` : ''}><label for="price-${i}">${priceLabel(p.price, p.productName)}</label></div>`,
)}
</fieldset>
<button type="submit">Switch plan</button>
</form>`
    : ''
}
</section>`;
}

type Focus = 'all' | 'payment_method' | 'subscription';

/** Which part a flow session (`flow_data`) deep-links to. */
function focusOf(session: Stripe.BillingPortal.Session): {
  focus: Focus;
  subscription: string | null;
} {
  const flow = session.flow;
  if (!flow) return { focus: 'all', subscription: null };
  if (flow.type === 'payment_method_update') return { focus: 'payment_method', subscription: null };
  const sub =
    flow.subscription_cancel?.subscription ??
    flow.subscription_update?.subscription ??
    flow.subscription_update_confirm?.subscription ??
    null;
  return { focus: 'subscription', subscription: sub };
}

function invoiceSection(view: PortalView): Html {
  const back = `?return_url=${encodeURIComponent(`/portal/${view.session.id}`)}`;
  const rows = (view.invoices ?? []).map(
    (inv) =>
      html`<tr data-invoice="${inv.id}"><td>${date(inv.created)}</td><td class="amount">${money(inv.total, inv.currency)}</td><td data-testid="invoice-status">${inv.status ?? ''}</td><td>${
        inv.hosted_invoice_url
          ? html`<a href="${inv.hosted_invoice_url}${back}">View invoice ${inv.number ?? ''}</a>`
          : ''
      } ${inv.invoice_pdf ? html`<a href="${inv.invoice_pdf}">Download PDF<span class="visually-hidden"> of invoice ${inv.number ?? inv.id}</span></a>` : ''}</td></tr>`,
  );
  return html`<section aria-labelledby="invoices-title">
<h2 id="invoices-title">Invoice history</h2>
${
  rows.length
    ? html`<table><thead><tr><th scope="col">Date</th><th scope="col" class="amount">Amount</th><th scope="col">Status</th><th scope="col">Invoice</th></tr></thead><tbody>${rows}</tbody></table>`
    : html`<p>No invoices yet.</p>`
}
</section>`;
}

function paymentMethodSection(view: PortalView, action: string): Html {
  const defaultId = view.card?.id ?? null;
  const items = view.paymentMethods.map(
    (pm) =>
      html`<li data-payment-method="${pm.id}">${cardName(pm)} <span class="muted">expires ${String(pm.card?.exp_month ?? '').padStart(2, '0')}/${String(pm.card?.exp_year ?? '')}</span>${
        pm.id === defaultId
          ? html` <strong data-testid="default-card">Default</strong>`
          : view.canUpdateCard
            ? html` <form method="post" action="${action}" class="inline"><input type="hidden" name="action" value="default"><input type="hidden" name="payment_method" value="${pm.id}"><button type="submit" class="secondary">Make default<span class="visually-hidden"> ${cardName(pm)}</span></button></form>`
            : ''
      }</li>`,
  );
  return html`<section aria-labelledby="pm-title">
<h2 id="pm-title">Payment method</h2>
<p data-testid="card">${cardName(view.card)}</p>
${items.length ? html`<ul aria-label="Saved cards">${items}</ul>` : ''}
${
  view.canUpdateCard
    ? html`<form method="post" action="${action}" aria-label="Update payment method">
<input type="hidden" name="action" value="update_card">
${cardPicker({ legend: 'New card' })}
<button type="submit">Update payment method</button>
</form>`
    : ''
}
</section>`;
}

/** The customer portal: plans, cards, invoices, cancel/renew/switch, back to the app. */
export function renderPortal(view: PortalView): string {
  const action = `/portal/${encodeURIComponent(view.session.id)}`;
  const { focus, subscription } = focusOf(view.session);
  const shown = subscription
    ? view.subscriptions.filter((s) => s.id === subscription)
    : view.subscriptions;
  const subs =
    shown.length > 0
      ? shown.map((s) => subscriptionSection(view, s, action))
      : html`<p>No subscriptions.</p>`;
  const card = paymentMethodSection(view, action);
  const body = html`<h1>Manage billing</h1>
${alert(view.error)}${notice(view.notice)}
<p>Signed in as <strong>${view.customer.email ?? view.customer.name ?? view.customer.id}</strong></p>
${focus === 'payment_method' ? '' : subs}
${focus === 'subscription' ? '' : card}
${focus === 'all' && view.invoices ? invoiceSection(view) : ''}
${view.session.return_url ? html`<p class="actions"><a class="button secondary" href="${view.session.return_url}">Return to site</a></p>` : ''}`;
  return layout('Billing — Tollgate Stripe emulator', body);
}
