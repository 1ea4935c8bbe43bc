import type Stripe from 'stripe';
import { cardPicker } from './cards.js';
import { alert, date, html, layout, money, notice } from './html.js';
import { cardName } from './portal-view.js';

/** Everything the hosted invoice page shows. */
interface InvoiceView {
  invoice: Stripe.Invoice;
  /** The customer's card on file, offered first. */
  saved: Stripe.PaymentMethod | null;
  /** The payment awaiting a 3DS challenge, if any. */
  requiresAction: boolean;
  error?: string | null;
  notice?: string | null;
  /** Where "Return to the site" goes (the `return_url` the page was opened with). */
  returnUrl?: string | null;
}

/** The hosted invoice page: lines, amount due, and a pay (or authenticate) form when open. */
export function renderInvoice(view: InvoiceView): string {
  const { invoice } = view;
  const query = view.returnUrl ? `?return_url=${encodeURIComponent(view.returnUrl)}` : '';
  const base = `/invoice/${encodeURIComponent(invoice.id ?? '')}`;
  const action = `${base}${query}`;
  const lines = invoice.lines.data.map(
    (l) =>
      html`<tr><td>${l.description ?? ''}</td><td class="amount">${money(l.amount, l.currency)}</td></tr>`,
  );
  const payable = invoice.status === 'open';
  const savedOption = view.saved
    ? html`<fieldset><legend>Pay with</legend><div class="choice"><input type="radio" name="source" id="source-saved" value="saved" checked><label for="source-saved">Saved card (${cardName(view.saved)})</label></div><div class="choice"><input type="radio" name="source" id="source-new" value="new"><label for="source-new">Another card</label></div></fieldset>`
    : html`<input type="hidden" name="source" value="new">`;
  const body = html`<h1>Invoice ${invoice.number ?? invoice.id}</h1>
${alert(view.error)}${notice(view.notice)}
<p>Status: <strong data-testid="status" data-status="${invoice.status}">${invoice.status}</strong>${
    invoice.due_date ? html` · Due ${date(invoice.due_date)}` : ''
  }</p>
<table>
<thead><tr><th scope="col">Description</th><th scope="col" class="amount">Amount</th></tr></thead>
<tbody>${lines}</tbody>
<tfoot><tr><th scope="row">Amount due</th><td class="amount" data-testid="amount-due">${money(
    invoice.amount_remaining,
    invoice.currency,
  )}</td></tr></tfoot>
</table>
${
  payable && view.requiresAction
    ? html`<p>This payment needs you to confirm it with your bank.</p><p><a class="button" href="${base}/authenticate${query}">Authenticate payment</a></p>`
    : ''
}
${
  payable
    ? html`<form method="post" action="${action}" aria-label="Pay invoice">
<input type="hidden" name="action" value="pay">
${savedOption}
${cardPicker({ legend: 'Card', ...(view.saved ? { selected: '' } : {}) })}
<button type="submit">Pay ${money(invoice.amount_remaining, invoice.currency)}</button>
</form>`
    : invoice.status === 'paid'
      ? html`<p>This invoice has been paid.</p>`
      : html`<p>This invoice cannot be paid (status ${invoice.status}).</p>`
}
${view.returnUrl ? html`<p class="actions"><a class="button secondary" href="${view.returnUrl}">Return to the site</a></p>` : ''}`;
  return layout(`Invoice ${invoice.number ?? invoice.id} — Tollgate Stripe emulator`, body);
}
