import type { Catalog, InvoiceSnapshot } from '@tollgate/core';
import type Stripe from 'stripe';
import { type Logger, silentLogger } from '../logger';
import { planItem } from '../stripe/plan-item';
import type { PriceResolver } from '../stripe/prices';
import type { ReadBudget } from './budget';
import type { CustomerRead } from './coordinator';
import { endDuplicates } from './duplicates';
import { listSubscriptions } from './list-subscriptions';
import { pickSubscription } from './pick';
import {
  invoicePaymentIntentId,
  invoiceSnapshot,
  type PlanOf,
  subscriptionSnapshot,
} from './snapshot';

const PAYMENT_STATUSES = new Set([
  'succeeded',
  'requires_action',
  'requires_payment_method',
  'processing',
]);

/** No budget: every read starts at once. */
const UNLIMITED: ReadBudget = { run: (read) => read() };

/**
 * Re-reads one customer from Stripe — never from an event's `data.object` — and builds the
 * snapshot. **One read** in the common case: the customer's subscriptions (all statuses) with
 * the customer, latest invoices and schedules expanded. One more only where the snapshot needs
 * what no expansion reaches: the customer itself when it has no subscription at all, the payment
 * intent of a latest invoice still waiting for payment (its status says SCA or a decline), and
 * the open invoices of a `past_due`/`unpaid` subscription. A second live subscription of ours is
 * ended first (see `endDuplicates`).
 */
export function createCustomerReader(
  stripe: Stripe,
  catalog: Catalog,
  prices: PriceResolver,
  now: () => Date = () => new Date(),
  logger: Logger = silentLogger,
  budget: ReadBudget = UNLIMITED,
) {
  return async function read(customerId: string): Promise<CustomerRead> {
    const [list, resolved] = await Promise.all([
      budget.run(() => listSubscriptions(stripe, customerId)),
      prices.all().catch(() => []),
    ]);
    const expanded = list.data.find((s) => typeof s.customer !== 'string')?.customer;
    const customer = expanded ?? (await budget.run(() => stripe.customers.retrieve(customerId)));
    const byId = new Map(resolved.map((r) => [r.price.id, r]));
    const planOf: PlanOf = (price) => {
      if (!price) return { plan: null, interval: null };
      const id = typeof price === 'string' ? price : price.id;
      const hit =
        byId.get(id) ??
        (typeof price === 'string' ? undefined : catalog.findByPrice(price)) ??
        undefined;
      return hit ? { plan: hit.plan.key, interval: hit.interval } : { plan: null, interval: null };
    };
    const deleted =
      typeof customer !== 'string' && 'deleted' in customer && customer.deleted === true;
    const live = deleted ? null : (customer as Stripe.Customer);
    const ours = (s: Stripe.Subscription) => planOf(planItem(s.items.data)?.price).plan !== null;
    const subscriptions = await endDuplicates(stripe, list.data, ours, logger);
    const chosen = pickSubscription(subscriptions, ours);
    const hasHadTrial =
      subscriptions.some((s) => s.trial_start != null) ||
      live?.metadata?.tollgateHadTrial === 'true';
    let subscription = null;
    if (chosen) {
      const invoice =
        chosen.latest_invoice && typeof chosen.latest_invoice !== 'string'
          ? await invoiceFor(stripe, budget, chosen.latest_invoice)
          : null;
      subscription = subscriptionSnapshot(
        chosen,
        planOf,
        invoice,
        live?.invoice_settings?.default_payment_method != null,
      );
      if (chosen.status === 'past_due' || chosen.status === 'unpaid') {
        subscription.openInvoices = await openInvoices(stripe, budget, chosen.id, invoice);
      }
    }
    return {
      userId: live?.metadata?.userId ?? null,
      snapshot: {
        customerId,
        hasHadTrial,
        subscription,
        syncedAt: now().toISOString(),
      },
    };
  };
}

/**
 * Every open invoice of a `past_due`/`unpaid` subscription, oldest first (one list read, plus
 * a payment intent read per unpaid invoice): paying the newest leaves the older ones blocking
 * it, and each needs its own alert and pay link.
 */
async function openInvoices(
  stripe: Stripe,
  budget: ReadBudget,
  subscriptionId: string,
  latest: InvoiceSnapshot | null,
): Promise<InvoiceSnapshot[]> {
  const list = await budget.run(() =>
    stripe.invoices.list({
      subscription: subscriptionId,
      status: 'open',
      limit: 20,
      expand: ['data.confirmation_secret'],
    }),
  );
  // Stripe lists newest first.
  return Promise.all(
    list.data
      .slice()
      .reverse()
      .map((open) => (latest && open.id === latest.id ? latest : invoiceFor(stripe, budget, open))),
  );
}

async function invoiceFor(
  stripe: Stripe,
  budget: ReadBudget,
  invoice: Stripe.Invoice,
): Promise<InvoiceSnapshot> {
  if (invoice.status === 'paid') return invoiceSnapshot(invoice, 'succeeded');
  if (invoice.status !== 'open' || invoice.amount_due === 0) return invoiceSnapshot(invoice, null);
  const intentId = invoicePaymentIntentId(invoice);
  if (!intentId) return invoiceSnapshot(invoice, null);
  const intent = await budget.run(() => stripe.paymentIntents.retrieve(intentId));
  const status = PAYMENT_STATUSES.has(intent.status)
    ? (intent.status as InvoiceSnapshot['paymentStatus'])
    : null;
  return invoiceSnapshot(invoice, status);
}
