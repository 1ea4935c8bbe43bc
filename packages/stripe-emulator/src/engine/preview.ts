import type Stripe from 'stripe';
import { invalidRequest, missingParam } from '../errors.js';
import {
  type AnchorReset,
  type ItemChange,
  type ProrationBehavior,
  planChange,
  prorationDateFor,
} from './change-plan.js';
import type { Engine } from './context.js';
import { getCustomer } from './customers.js';
import {
  checkDiscounts,
  type DiscountSpec,
  previewDiscounts,
  type RedeemContext,
  subscriptionDiscounts,
} from './discounts.js';
import { firstInvoiceLines } from './first-invoice.js';
import { buildInvoice } from './invoice-build.js';
import { pendingItemLines } from './invoice-items.js';
import { buildItem, periodFrom, recurringPrice } from './items.js';
import { previewSchedule, type ScheduleDetails } from './preview-schedule.js';
import { fullLine, itemAmount } from './proration.js';
import { usageLines } from './renewal.js';
import { anchorOf, getSubscription } from './subscriptions.js';
import { locationOf, refuseRatesWithAutomatic, requireLocation, taxRatesOf } from './tax.js';
import { idOf } from './util.js';

/** Parameters for {@link previewInvoice} (`invoices.createPreview`). */
export interface PreviewInput {
  customer?: string;
  subscription?: string;
  /** Replaces the discounts the preview inherits from the subscription; `''` previews none. */
  discounts?: DiscountSpec[] | '';
  /** Overrides the subscription's `automatic_tax` (a new subscription has none by default). */
  automatic_tax?: { enabled: boolean };
  subscription_details?: {
    items?: ItemChange[];
    proration_behavior?: ProrationBehavior;
    proration_date?: number;
    cancel_at_period_end?: boolean;
    /** When the subscription would cancel; `null` (`''` on the wire) previews it not cancelling. */
    cancel_at?: number | null;
    /** `now` / `unchanged` for an existing subscription; a future timestamp for a new one. */
    billing_cycle_anchor?: AnchorReset | number;
    /** Replaces the subscription's manual tax rates; `''` previews none. */
    default_tax_rates?: string[] | '';
  };
  /** A schedule whose upcoming invoice to preview (its subscription's next invoice). */
  schedule?: string;
  /** Changes to the schedule (or a new one for `customer`) to preview. */
  schedule_details?: ScheduleDetails;
}

/**
 * What an update would bill: with `always_invoice` (or an interval change) the invoice the
 * update creates at once; otherwise the next cycle's invoice including pending prorations.
 * Uses the same computation as the update, so amounts match when the same `proration_date`
 * is passed.
 */
export function previewInvoice(engine: Engine, input: PreviewInput): Stripe.Invoice {
  const details = input.subscription_details ?? {};
  if (input.schedule || input.schedule_details) return previewSchedule(engine, input);
  if (!input.subscription) return previewNewSubscription(engine, input);
  const sub = getSubscription(engine, input.subscription);
  // A schedule decides what the subscription bills next: preview it through the schedule.
  if (sub.schedule && !input.subscription_details)
    return previewSchedule(engine, { ...input, schedule: idOf(sub.schedule as string)! });
  if (input.customer && input.customer !== idOf(sub.customer)) {
    throw invalidRequest('The subscription does not belong to this customer.', 'customer');
  }
  const customer = getCustomer(engine, idOf(sub.customer)!);
  const behavior = details.proration_behavior ?? 'create_prorations';
  const anchor = details.billing_cycle_anchor;
  if (typeof anchor === 'number') {
    throw invalidRequest(
      'For an existing subscription, billing_cycle_anchor can only be `now` or `unchanged`.',
      'subscription_details[billing_cycle_anchor]',
    );
  }
  const now = engine.clock.now();
  const requested = requestedDiscounts(engine, input.discounts, {
    customer: customer.id,
    currency: sub.currency,
    amount: sub.items.data.reduce((sum, i) => sum + itemAmount(engine, i), 0),
    param: 'discounts',
  });
  const discountsAt = (at: number) => requested ?? subscriptionDiscounts(engine, sub, at);
  const plan =
    details.items?.length || anchor
      ? planChange(
          engine,
          sub,
          details.items ?? [],
          behavior,
          prorationDateFor(engine, sub, details.proration_date),
          anchor,
          discountsAt(now),
        )
      : null;
  const pending = pendingItemLines(engine, sub);
  if (plan?.invoiceNow) {
    return buildInvoice(engine, {
      customer,
      subscription: sub,
      billing_reason: 'subscription_update',
      lines: [...pending, ...plan.lines],
      period_start: now,
      period_end: now,
      currency: sub.currency,
      preview: true,
      discounts: discountsAt(now),
      ...taxOf(input, customer, engine),
    });
  }
  // As on the subscription itself, a `cancel_at` given replaces `cancel_at_period_end`.
  const periodEnd = sub.items.data[0]!.current_period_end;
  const endsBy = (at: number | null) => at !== null && at <= periodEnd;
  const ending =
    details.cancel_at !== undefined
      ? endsBy(details.cancel_at)
      : (details.cancel_at_period_end ?? (sub.cancel_at_period_end || endsBy(sub.cancel_at)));
  if (ending || sub.status === 'canceled' || sub.status === 'incomplete_expired') {
    throw invalidRequest(
      'No upcoming invoices for customer: the subscription ends at the end of its period.',
      undefined,
      'invoice_upcoming_none',
    );
  }
  const items = plan ? plan.after : sub.items.data;
  const next = items.map((item) => {
    const period = periodFrom(item.price, item.current_period_end, sub.billing_cycle_anchor);
    return { ...item, current_period_start: period.start, current_period_end: period.end };
  });
  const prorations = plan && behavior === 'create_prorations' ? plan.lines : [];
  return buildInvoice(engine, {
    customer,
    subscription: sub,
    billing_reason: 'upcoming',
    lines: [
      ...pending,
      ...prorations,
      ...usageLines(engine, sub),
      ...next
        .filter((i) => i.price.recurring?.usage_type !== 'metered')
        .map((i) => fullLine(engine, i)),
    ],
    period_start: sub.items.data[0]!.current_period_start,
    period_end: sub.items.data[0]!.current_period_end,
    currency: sub.currency,
    preview: true,
    discounts: discountsAt(sub.items.data[0]!.current_period_end),
    ...taxOf(input, customer, engine),
  });
}

/** The preview's `automatic_tax` (checked as Stripe checks it), or nothing to inherit. */
export function taxOf(
  input: PreviewInput,
  customer: Stripe.Customer,
  engine: Engine,
): { automaticTax?: boolean; defaultTaxRates?: Stripe.TaxRate[] } {
  const ids = input.subscription_details?.default_tax_rates;
  const rates =
    ids === undefined
      ? undefined
      : taxRatesOf(engine, ids || [], 'subscription_details[default_tax_rates]');
  if (input.automatic_tax?.enabled) {
    requireLocation(locationOf(customer), 'automatic_tax[enabled]');
    refuseRatesWithAutomatic(true, rates ?? [], 'subscription_details[default_tax_rates]');
  }
  return {
    ...(input.automatic_tax ? { automaticTax: input.automatic_tax.enabled } : {}),
    ...(rates ? { defaultTaxRates: rates } : {}),
  };
}

/** The preview's own `discounts` (checked, not redeemed), or `null` to inherit. */
function requestedDiscounts(
  engine: Engine,
  specs: PreviewInput['discounts'],
  ctx: RedeemContext,
): Stripe.Discount[] | null {
  if (specs === undefined) return null;
  if (specs === '') return [];
  return previewDiscounts(engine, checkDiscounts(engine, specs, ctx), ctx.customer);
}

/** The first invoice of a new subscription (`subscription_details[items]` for `customer`). */
export function previewNewSubscription(engine: Engine, input: PreviewInput): Stripe.Invoice {
  if (!input.customer) throw missingParam('customer');
  const items = input.subscription_details?.items;
  if (!items?.length) throw missingParam('subscription_details[items]');
  const customer = getCustomer(engine, input.customer);
  const now = engine.clock.now();
  const prices = items.map((item, i) =>
    recurringPrice(engine, item.price ?? '', `subscription_details[items][${i}][price]`),
  );
  const requested = input.subscription_details?.billing_cycle_anchor;
  // `now` and `unchanged` are a new subscription's default: the cycle starts now.
  const anchor = anchorOf(
    typeof requested === 'number' ? requested : undefined,
    prices[0]!,
    now,
    false,
    'subscription_details[billing_cycle_anchor]',
  );
  const built = prices.map((price, i) =>
    buildItem(
      engine,
      'sub_preview',
      price,
      items[i]!.quantity ?? 1,
      anchor ? { start: now, end: anchor } : periodFrom(price, now),
    ),
  );
  const behavior = input.subscription_details?.proration_behavior;
  const currency = built[0]!.price.currency;
  const discounts =
    requestedDiscounts(engine, input.discounts, {
      customer: customer.id,
      currency,
      amount: built.reduce((sum, i) => sum + itemAmount(engine, i), 0),
      param: 'discounts',
    }) ?? [];
  return buildInvoice(engine, {
    customer,
    subscription: null,
    billing_reason: 'subscription_create',
    lines: firstInvoiceLines(engine, built, now, { trial: false, anchor, behavior, discounts }),
    period_start: now,
    period_end: now,
    currency,
    preview: true,
    discounts,
    ...taxOf(input, customer, engine),
  });
}
