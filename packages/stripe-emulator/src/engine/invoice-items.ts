import type Stripe from 'stripe';
import { invalidRequest, missingParam } from '../errors.js';
import { newId } from '../ids.js';
import { valuesOf } from '../state.js';
import { getPrice } from './catalog.js';
import type { Engine } from './context.js';
import { getCustomer } from './customers.js';
import { emit } from './emit.js';
import type { LineInput } from './invoice-build.js';
import { productName } from './items.js';
import { priceAmount } from './pricing.js';
import { getSubscription } from './subscriptions.js';
import { decimal, idOf, mergeMetadata, must } from './util.js';

/** What an invoice item is made of (from the API or from a proration). */
interface ItemFields {
  customer: string;
  amount: number;
  currency: string;
  price: Stripe.Price | null;
  quantity: number;
  description: string | null;
  period: { start: number; end: number };
  proration: boolean;
  subscription: string | null;
  subscriptionItem: string | null;
  metadata: Record<string, string>;
  discountable: boolean;
}

/** `invoiceitems.create` / `update` input. */
export interface InvoiceItemInput {
  customer?: string;
  price?: string;
  amount?: number;
  currency?: string;
  quantity?: number;
  description?: string;
  subscription?: string;
  period?: { start: number; end: number };
  metadata?: Record<string, string> | '';
  discountable?: boolean;
}

/** Stores a pending invoice item (invoice `null`); emits `invoiceitem.created`. */
function storeInvoiceItem(engine: Engine, f: ItemFields): Stripe.InvoiceItem {
  const ii = {
    id: newId('ii'),
    object: 'invoiceitem',
    amount: f.amount,
    currency: f.currency,
    customer: f.customer,
    customer_account: null,
    date: engine.clock.now(),
    description: f.description,
    discountable: f.discountable,
    discounts: [],
    invoice: null,
    livemode: false,
    metadata: f.metadata,
    net_amount: f.amount,
    parent: f.subscription
      ? {
          type: 'subscription_details',
          subscription_details: {
            subscription: f.subscription,
            ...(f.subscriptionItem ? { subscription_item: f.subscriptionItem } : {}),
          },
        }
      : null,
    period: f.period,
    pricing: pricingOf(f.price, f.amount, f.quantity),
    proration: f.proration,
    proration_details: { credited_items: null, discount_amounts: [] },
    quantity: f.quantity,
    quantity_decimal: decimal(f.quantity),
    tax_rates: [],
    test_clock: engine.state.customers[f.customer]?.test_clock ?? null,
  } satisfies Stripe.InvoiceItem;
  engine.state.invoiceItems[ii.id] = ii;
  emit(engine, 'invoiceitem.created', ii);
  return ii;
}

function pricingOf(
  price: Stripe.Price | null,
  amount: number,
  quantity: number,
): Stripe.InvoiceItem.Pricing {
  return price
    ? {
        type: 'price_details',
        price_details: { price: price.id, product: idOf(price.product)! },
        unit_amount_decimal: decimal(price.unit_amount ?? 0),
      }
    : {
        type: 'price_details',
        unit_amount_decimal: decimal(quantity ? amount / quantity : amount),
      };
}

/** Stores proration lines as pending invoice items of the subscription. */
export function storeProrationItems(
  engine: Engine,
  sub: Stripe.Subscription,
  lines: LineInput[],
): void {
  for (const line of lines) {
    storeInvoiceItem(engine, {
      customer: idOf(sub.customer)!,
      amount: line.amount,
      currency: line.currency,
      price: line.price,
      quantity: line.quantity,
      description: line.description,
      period: line.period,
      proration: line.proration,
      subscription: sub.id,
      subscriptionItem: line.subscriptionItem,
      metadata: {},
      discountable: true,
    });
  }
}

/** The invoice item with `id`, or a 404. */
export function getInvoiceItem(engine: Engine, id: string): Stripe.InvoiceItem {
  return must(engine.state.invoiceItems, id, 'invoiceitem');
}

/** The price of `input` and the amount it comes to (`pricing[price]` × quantity, or `amount`). */
function amountOf(
  engine: Engine,
  input: InvoiceItemInput,
  quantity: number,
): { price: Stripe.Price | null; amount: number; currency: string } {
  if (input.price) {
    const price = getPrice(engine, input.price, 'pricing[price]');
    if (input.currency && input.currency !== price.currency) {
      throw invalidRequest(
        `The currency ${input.currency} does not match the price's currency ${price.currency}.`,
        'currency',
      );
    }
    return { price, amount: priceAmount(engine, price, quantity), currency: price.currency };
  }
  if (input.amount === undefined) {
    throw invalidRequest(
      'You must specify either `amount` (with `currency`) or `pricing[price]`.',
      'amount',
    );
  }
  if (!input.currency) throw missingParam('currency');
  return { price: null, amount: input.amount, currency: input.currency };
}

/** `invoiceitems.create`: a pending item the customer's next invoice picks up. */
export function createInvoiceItem(engine: Engine, input: InvoiceItemInput): Stripe.InvoiceItem {
  if (!input.customer) throw missingParam('customer');
  const customer = getCustomer(engine, input.customer);
  let subscription: string | null = null;
  if (input.subscription) {
    const sub = getSubscription(engine, input.subscription, 'subscription');
    if (idOf(sub.customer) !== customer.id) {
      throw invalidRequest(
        `The subscription ${sub.id} does not belong to customer ${customer.id}.`,
        'subscription',
      );
    }
    subscription = sub.id;
  }
  const quantity = input.quantity ?? 1;
  const { price, amount, currency } = amountOf(engine, input, quantity);
  const now = engine.clock.now();
  return storeInvoiceItem(engine, {
    customer: customer.id,
    amount,
    currency,
    price,
    quantity,
    description: input.description ?? (price ? productName(engine, price) : null),
    period: input.period ?? { start: now, end: now },
    proration: false,
    subscription,
    subscriptionItem: null,
    metadata: input.metadata || {},
    discountable: input.discountable ?? true,
  });
}

function assertPending(ii: Stripe.InvoiceItem, action: string): void {
  if (ii.invoice !== null) {
    throw invalidRequest(
      `You can only ${action} an invoice item while it is pending; ${ii.id} is already on invoice ${idOf(ii.invoice)}.`,
      'id',
    );
  }
}

/** `invoiceitems.update` (pending items only); the amount follows a new price or quantity. */
export function updateInvoiceItem(
  engine: Engine,
  id: string,
  input: InvoiceItemInput,
): Stripe.InvoiceItem {
  const ii = getInvoiceItem(engine, id);
  assertPending(ii, 'update');
  const quantity = input.quantity ?? ii.quantity;
  const currentPrice = ii.pricing?.price_details?.price;
  const repriced =
    input.price !== undefined || input.amount !== undefined || input.quantity !== undefined;
  if (repriced) {
    const { price, amount } = amountOf(
      engine,
      input.price !== undefined || input.amount !== undefined
        ? { ...input, currency: input.currency ?? ii.currency }
        : currentPrice
          ? { price: idOf(currentPrice)! }
          : { amount: (ii.amount / (ii.quantity || 1)) * quantity, currency: ii.currency },
      quantity,
    );
    ii.amount = amount;
    ii.net_amount = amount;
    ii.quantity = quantity;
    ii.quantity_decimal = decimal(quantity);
    ii.pricing = pricingOf(price, amount, quantity);
  }
  if (input.description !== undefined) ii.description = input.description;
  if (input.period) ii.period = input.period;
  if (input.discountable !== undefined) ii.discountable = input.discountable;
  if (input.metadata !== undefined) ii.metadata = mergeMetadata(ii.metadata ?? {}, input.metadata);
  return ii;
}

/** `invoiceitems.del` (pending items only); emits `invoiceitem.deleted`. */
export function deleteInvoiceItem(engine: Engine, id: string): Stripe.DeletedInvoiceItem {
  const ii = getInvoiceItem(engine, id);
  assertPending(ii, 'delete');
  delete engine.state.invoiceItems[id];
  emit(engine, 'invoiceitem.deleted', ii);
  return { id, object: 'invoiceitem', deleted: true };
}

/** A pending invoice item as an invoice line. */
function lineOf(engine: Engine, ii: Stripe.InvoiceItem): LineInput {
  const priceId = ii.pricing?.price_details?.price;
  return {
    amount: ii.amount,
    currency: ii.currency,
    description: ii.description ?? '',
    period: ii.period,
    price: priceId ? (engine.state.prices[idOf(priceId)!] ?? null) : null,
    quantity: ii.quantity,
    proration: ii.proration,
    subscriptionItem: ii.parent?.subscription_details?.subscription_item ?? null,
    invoiceItem: ii.id,
    discountable: ii.discountable,
  };
}

const pending = (engine: Engine, customer: string) =>
  valuesOf(engine.state.invoiceItems).filter(
    (ii) => ii.invoice === null && idOf(ii.customer) === customer,
  );

/**
 * Lines for the customer's pending invoice items a subscription's next invoice picks up: the
 * subscription's own and those not tied to any subscription (Stripe: an item with `subscription`
 * set is ignored by other subscriptions' invoices).
 */
export function pendingItemLines(engine: Engine, sub: Stripe.Subscription): LineInput[] {
  return pending(engine, idOf(sub.customer)!)
    .filter((ii) => {
      const owner = ii.parent?.subscription_details?.subscription;
      return !owner || idOf(owner) === sub.id;
    })
    .map((ii) => lineOf(engine, ii));
}

/** Lines for every pending invoice item of a customer (`pending_invoice_items_behavior: include`). */
export function customerPendingLines(engine: Engine, customer: string): LineInput[] {
  return pending(engine, customer).map((ii) => lineOf(engine, ii));
}
