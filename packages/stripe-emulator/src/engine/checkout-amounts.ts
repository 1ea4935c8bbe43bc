import type Stripe from 'stripe';
import { invalidRequest } from '../errors.js';
import { valuesOf } from '../state.js';
import { sessionLocation } from './checkout-tax.js';
import type { Engine } from './context.js';
import { checkDiscounts, draftDiscounts } from './discounts.js';
import { firstInvoiceLines } from './first-invoice.js';
import { buildInvoice } from './invoice-build.js';
import { buildItem, periodFrom } from './items.js';
import { idOf, must } from './util.js';

/** What a session's customer is before one exists (amounts only need the shape). */
const NO_CUSTOMER = {
  id: 'cus_checkout_pending',
  email: null,
  name: null,
  phone: null,
  test_clock: null,
} as unknown as Stripe.Customer;

/** The subscription items a session would create, for pricing it. */
function sessionItems(engine: Engine, session: Stripe.Checkout.Session) {
  const now = engine.clock.now();
  const data = engine.state.internal.checkoutSubscriptionData[session.id] ?? {};
  return (engine.state.internal.checkoutLineItems[session.id] ?? []).map((li) =>
    buildItem(
      engine,
      'sub_checkout',
      li.price!,
      li.quantity ?? 1,
      data.billing_cycle_anchor
        ? { start: now, end: data.billing_cycle_anchor }
        : periodFrom(li.price!, now),
    ),
  );
}

/**
 * Prices a session as its first invoice will bill it — trial, anchor, discounts — and writes
 * `amount_subtotal`, `total_details`, `amount_total` and each line item's amounts.
 */
export function priceCheckout(engine: Engine, session: Stripe.Checkout.Session): Stripe.Invoice {
  const data = engine.state.internal.checkoutSubscriptionData[session.id] ?? {};
  const customerId = idOf(session.customer as string | null);
  const customer = customerId ? engine.state.customers[customerId]! : NO_CUSTOMER;
  const discounts = draftDiscounts(
    engine,
    engine.state.internal.checkoutDiscounts[session.id] ?? [],
    customerId,
  );
  const now = engine.clock.now();
  const items = sessionItems(engine, session);
  const invoice = buildInvoice(engine, {
    customer,
    subscription: null,
    billing_reason: 'subscription_create',
    lines: firstInvoiceLines(engine, items, now, {
      trial: Boolean(data.trial_period_days || data.trial_end),
      anchor: data.billing_cycle_anchor ?? null,
      behavior: data.proration_behavior,
      discounts,
    }),
    period_start: now,
    period_end: now,
    currency: session.currency ?? 'usd',
    preview: true,
    discounts,
    automaticTax: session.automatic_tax.enabled,
    taxLocation: sessionLocation(engine, session),
  });
  const discounted = (invoice.total_discount_amounts ?? []).reduce((s, d) => s + d.amount, 0);
  session.amount_subtotal = invoice.subtotal;
  session.amount_total = invoice.total;
  const sum = (xs: readonly { amount: number }[] | null | undefined) =>
    (xs ?? []).reduce((s, x) => s + x.amount, 0);
  session.total_details = {
    amount_discount: discounted,
    amount_shipping: 0,
    amount_tax: sum(invoice.total_taxes),
  };
  const lineItems = engine.state.internal.checkoutLineItems[session.id] ?? [];
  lineItems.forEach((li, i) => {
    const line = invoice.lines.data[i]!;
    const off = sum(line.discount_amounts);
    const taxes = line.taxes ?? [];
    li.amount_subtotal = line.amount;
    li.amount_discount = off;
    li.amount_tax = sum(taxes);
    li.amount_total = line.amount - off + sum(taxes.filter((t) => t.tax_behavior === 'exclusive'));
  });
  return invoice;
}

/** Checks a session's `discounts` (or a code typed on the page) and keeps them for completion. */
export function setCheckoutDiscounts(
  engine: Engine,
  session: Stripe.Checkout.Session,
  specs: Array<{ coupon?: string; promotion_code?: string }>,
  param = 'discounts',
): void {
  const lines = engine.state.internal.checkoutLineItems[session.id] ?? [];
  const resolved = checkDiscounts(engine, specs, {
    customer: idOf(session.customer as string | null),
    currency: session.currency ?? 'usd',
    amount: lines.reduce((s, li) => s + li.amount_subtotal, 0),
    param,
  });
  const entries = resolved.map((r) => ({
    coupon: r.coupon.id,
    promotion_code: r.promotionCode?.id ?? null,
  }));
  engine.state.internal.checkoutDiscounts[session.id] = entries;
  session.discounts = entries;
  priceCheckout(engine, session);
}

/**
 * A customer types a promotion code on the checkout page (`allow_promotion_codes: true`):
 * it is looked up among active codes (case-insensitive) and checked as Stripe checks it.
 */
export function applyPromotionCode(
  engine: Engine,
  sessionId: string,
  code: string,
): Stripe.Checkout.Session {
  const session = must(engine.state.checkoutSessions, sessionId, 'checkout.session', 'session');
  if (!session.allow_promotion_codes)
    throw invalidRequest(
      'This Checkout Session does not accept promotion codes (allow_promotion_codes is not set).',
      'promotion_code',
    );
  const wanted = code.trim().toLowerCase();
  const promo = valuesOf(engine.state.promotionCodes).find(
    (p) => p.active && p.code.toLowerCase() === wanted,
  );
  if (!promo)
    throw invalidRequest(
      `This code is invalid: no active promotion code "${code}".`,
      'promotion_code',
    );
  setCheckoutDiscounts(engine, session, [{ promotion_code: promo.id }], 'promotion_code');
  return session;
}
