import type Stripe from 'stripe';
import type { Logger } from '../logger';

/** The `cancellation_details.comment` prefix marking a subscription Tollgate ended as a duplicate. */
export const DUPLICATE_MARK = 'tollgate:duplicate-of:';

const LIVE = new Set(['active', 'trialing', 'past_due', 'unpaid', 'paused']);

const oldestFirst = (a: Stripe.Subscription, b: Stripe.Subscription) =>
  a.created - b.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * At most one live subscription per customer. When two of Tollgate's subscriptions are live
 * (two checkouts completed in a race), the oldest stays; each newer one is canceled at once —
 * marked in `cancellation_details.comment` with {@link DUPLICATE_MARK} and the kept id, which is
 * what tells the notifier — and the payment of its latest invoice is refunded in full
 * (`reason: duplicate`, idempotent per subscription). Every instance picks the same survivor, so
 * concurrent syncs agree. Answers the list as it is after that.
 */
export async function endDuplicates(
  stripe: Stripe,
  subscriptions: readonly Stripe.Subscription[],
  ours: (subscription: Stripe.Subscription) => boolean,
  logger: Logger,
): Promise<Stripe.Subscription[]> {
  const live = subscriptions.filter((s) => LIVE.has(s.status) && ours(s)).sort(oldestFirst);
  if (live.length < 2) return [...subscriptions];
  const [kept, ...duplicates] = live as [Stripe.Subscription, ...Stripe.Subscription[]];
  const ended = new Map<string, Stripe.Subscription>();
  for (const duplicate of duplicates) {
    ended.set(duplicate.id, await cancel(stripe, duplicate, kept.id));
    const refund = await refundLatestPayment(stripe, duplicate);
    logger.warn('a second live subscription was canceled and its payment refunded', {
      customerId: typeof kept.customer === 'string' ? kept.customer : kept.customer.id,
      kept: kept.id,
      canceled: duplicate.id,
      refund: refund?.id ?? null,
      amount: refund?.amount ?? 0,
    });
  }
  return subscriptions.map((s) => ended.get(s.id) ?? s);
}

async function cancel(
  stripe: Stripe,
  duplicate: Stripe.Subscription,
  keptId: string,
): Promise<Stripe.Subscription> {
  try {
    return await stripe.subscriptions.cancel(duplicate.id, {
      cancellation_details: { comment: `${DUPLICATE_MARK}${keptId}` },
    });
  } catch (error) {
    // Another instance canceled it first: Stripe answers 400 for an ended subscription.
    const current = await stripe.subscriptions.retrieve(duplicate.id);
    if (current.status === 'canceled') return current;
    throw error;
  }
}

/** Refunds what the duplicate's latest invoice collected, once (idempotency key per subscription). */
async function refundLatestPayment(
  stripe: Stripe,
  duplicate: Stripe.Subscription,
): Promise<Stripe.Refund | null> {
  const invoice =
    typeof duplicate.latest_invoice === 'string'
      ? duplicate.latest_invoice
      : (duplicate.latest_invoice?.id ?? null);
  if (!invoice) return null;
  const payments = await stripe.invoicePayments.list({ invoice, status: 'paid', limit: 10 });
  const paid = payments.data.find((p) => (p.amount_paid ?? 0) > 0 && p.payment.payment_intent);
  if (!paid) return null;
  const intent = paid.payment.payment_intent!;
  try {
    return await stripe.refunds.create(
      {
        payment_intent: typeof intent === 'string' ? intent : intent.id,
        reason: 'duplicate',
        metadata: { tollgate_duplicate_subscription: duplicate.id },
      },
      { idempotencyKey: `tollgate-duplicate-refund-${duplicate.id}` },
    );
  } catch (error) {
    if ((error as { code?: unknown }).code === 'charge_already_refunded') return null;
    throw error;
  }
}
