import type Stripe from 'stripe';
import type { CheckoutLine } from '../engine/hosted-actions.js';
import { TAX_TABLE } from '../engine/tax.js';
import { cardPicker } from './cards.js';
import { alert, type Html, html, layout, money, perInterval } from './html.js';

/** Everything the checkout page shows. */
interface CheckoutView {
  session: Stripe.Checkout.Session;
  lines: readonly CheckoutLine[];
  trialDays: number | null;
  /** Whether the page must ask for an email (no customer, no prefilled email). */
  askEmail: boolean;
  email: string;
  error?: string | null;
  selectedCard?: string;
  typedNumber?: string;
  /** False for a free trial with `payment_method_collection: 'if_required'`: no card asked. */
  collectsCard: boolean;
  /** The promotion code typed (shown back in its field). */
  promotionCode?: string;
  /** The code of the promotion code the session holds. */
  appliedCode?: string;
  /** Ask for a billing country (billing address collection or automatic tax). */
  askAddress: boolean;
  country?: string;
}

/** Countries offered on the page: the emulator's tax table, and two it does not tax. */
const COUNTRIES = [...Object.keys(TAX_TABLE), 'BR', 'IN'].sort();

function addressFields(view: CheckoutView): Html | string {
  const taxId = view.session.tax_id_collection?.enabled
    ? html`<div class="field"><label for="tax_id">Tax ID (optional)</label><input type="text" id="tax_id" name="tax_id" autocomplete="off"></div>`
    : '';
  if (!view.askAddress) return taxId;
  const options = COUNTRIES.map(
    (c) => html`<option value="${c}"${c === view.country ? ' selected' : ''}>${c}</option>`,
  );
  return html`<div class="field"><label for="country">Billing country</label><select id="country" name="country" required><option value="">Choose…</option>${options}</select></div>${taxId}`;
}

function summary(view: CheckoutView): Html {
  const rows = view.lines.map(
    (l) =>
      html`<tr><td>${l.description}${l.quantity > 1 ? ` × ${l.quantity}` : ''}</td><td class="amount">${money(
        l.amount,
        l.currency,
      )}${perInterval(l.interval, l.intervalCount)}</td></tr>`,
  );
  const first = view.lines[0];
  const currency = first?.currency ?? view.session.currency ?? 'usd';
  const total = view.lines.reduce((sum, l) => sum + l.amount, 0);
  const dueToday = view.session.amount_total ?? total;
  return html`<section aria-labelledby="summary-title">
<h2 id="summary-title">Order summary</h2>
<table>
<thead><tr><th scope="col">Item</th><th scope="col" class="amount">Price</th></tr></thead>
<tbody>${rows}</tbody>
<tfoot>${discountRow(view)}<tr><th scope="row">Total due today</th><td class="amount" data-testid="due-today">${money(
    dueToday,
    currency,
  )}</td></tr></tfoot>
</table>
${view.trialDays ? html`<p data-testid="trial">${view.trialDays} days free, then ${money(total, currency)}${first ? perInterval(first.interval, first.intervalCount) : ''}.</p>` : ''}
</section>`;
}

function discountRow(view: CheckoutView): Html | string {
  const currency = view.session.currency ?? 'usd';
  const off = view.session.total_details?.amount_discount ?? 0;
  const tax = view.session.total_details?.amount_tax ?? 0;
  return html`${off ? html`<tr><th scope="row">Discount</th><td class="amount" data-testid="discount">−${money(off, currency)}</td></tr>` : ''}${tax ? html`<tr><th scope="row">Tax</th><td class="amount" data-testid="tax">${money(tax, currency)}</td></tr>` : ''}`;
}

/** The promotion code field (sessions created with `allow_promotion_codes`). */
function promotionCodeForm(view: CheckoutView, action: string): Html | string {
  if (!view.session.allow_promotion_codes) return '';
  const applied = view.session.discounts?.length ? view.appliedCode : '';
  return html`<form method="post" action="${action}" aria-label="Promotion code">
<input type="hidden" name="action" value="promotion_code">
<div class="field"><label for="promotion_code">Promotion code</label><input type="text" id="promotion_code" name="promotion_code" autocomplete="off" value="${view.promotionCode ?? ''}"></div>
<button type="submit" class="secondary">Apply</button>
${applied ? html`<p data-testid="promotion-applied">Code ${applied} applied.</p>` : ''}
</form>`;
}

/** The open checkout page: summary, email, card picker, Subscribe, Cancel. */
export function renderCheckout(view: CheckoutView): string {
  const { session } = view;
  const action = `/checkout/${encodeURIComponent(session.id)}`;
  const body = html`<h1>Subscribe</h1>
${alert(view.error)}
${summary(view)}
${promotionCodeForm(view, action)}
<form method="post" action="${action}" aria-label="Payment">
<input type="hidden" name="action" value="pay">
${
  view.askEmail
    ? html`<div class="field"><label for="email">Email</label><input type="email" id="email" name="email" autocomplete="email" required value="${view.email}"></div>`
    : html`<p>Paying as <strong data-testid="email">${view.email}</strong></p>`
}
${addressFields(view)}
${
  view.collectsCard
    ? cardPicker({
        ...(view.selectedCard ? { selected: view.selectedCard } : {}),
        ...(view.typedNumber ? { typed: view.typedNumber } : {}),
      })
    : html`<p data-testid="no-card">No card is needed to start the trial.</p>`
}
<div class="actions">
<button type="submit">${view.collectsCard ? 'Subscribe' : 'Start trial'}</button>
${session.cancel_url ? html`<a class="button secondary" href="${session.cancel_url}">Cancel</a>` : ''}
</div>
</form>`;
  return layout('Checkout — Tollgate Stripe emulator', body);
}

/** The 3D Secure challenge: two buttons, Complete and Fail. */
export function renderChallenge(options: {
  title: string;
  action: string;
  amount: string;
  last4: string;
}): string {
  const body = html`<h1>${options.title}</h1>
<p>Your bank asks you to confirm a payment of <strong>${options.amount}</strong> with the card ending in <strong>${options.last4}</strong>.</p>
<p class="muted">This is a test 3D Secure challenge: choose how it ends.</p>
<div class="actions">
<form method="post" action="${options.action}" class="inline"><input type="hidden" name="action" value="complete"><button type="submit">Complete authentication</button></form>
<form method="post" action="${options.action}" class="inline"><input type="hidden" name="action" value="fail"><button type="submit" class="danger">Fail authentication</button></form>
</div>`;
  return layout(`${options.title} — Tollgate Stripe emulator`, body);
}

/** A page that only says something (expired, complete, not found…), with an optional link. */
export function renderMessage(
  title: string,
  message: string,
  link?: { href: string; label: string } | null,
): string {
  const body = html`<h1>${title}</h1>
<p>${message}</p>
${link ? html`<p><a class="button" href="${link.href}">${link.label}</a></p>` : ''}`;
  return layout(`${title} — Tollgate Stripe emulator`, body);
}
