import type { BillingStatus, Catalog, Interval } from '@tollgate/core';
import type Stripe from 'stripe';
import type { Logger } from '../logger';
import type {
  NotificationBase,
  NotificationPayloads,
  NotificationType,
  Notifier,
} from '../notifier';
import { planItem } from '../stripe/plan-item';
import type { PriceResolver } from '../stripe/prices';
import { DUPLICATE_MARK } from '../sync/duplicates';

type Notification = {
  [K in NotificationType]: { type: K; payload: NotificationPayloads[K] };
}[NotificationType];

/** An invoice's subscription lives under `parent` since API 2025-03-31 (`invoice.subscription` is gone). */
const subscriptionOfInvoice = (invoice: Stripe.Invoice): string | null => {
  const ref = invoice.parent?.subscription_details?.subscription;
  return ref == null ? null : typeof ref === 'string' ? ref : ref.id;
};

/** The subscription kept when Tollgate canceled this one as a duplicate, or null. */
const duplicateOf = (subscription: Stripe.Subscription): string | null => {
  const comment = subscription.cancellation_details?.comment ?? '';
  return comment.startsWith(DUPLICATE_MARK) ? comment.slice(DUPLICATE_MARK.length) : null;
};

const iso = (seconds: number | null | undefined) =>
  seconds == null ? null : new Date(seconds * 1000).toISOString();

interface PlanRef {
  plan: string | null;
  interval: Interval | null;
}

async function planOfPrice(
  prices: PriceResolver,
  catalog: Catalog,
  price: Stripe.Price | undefined,
): Promise<PlanRef> {
  if (!price) return { plan: null, interval: null };
  const hit =
    (await prices.byPriceId(price.id).catch(() => undefined)) ?? catalog.findByPrice(price);
  return hit ? { plan: hit.plan.key, interval: hit.interval } : { plan: null, interval: null };
}

/**
 * The notification an event raises, decided from the signed event alone (before any sync), or
 * null. The pipeline uses it to know up front whether hooks will run for the event.
 */
export function notificationTypeOf(event: Stripe.Event): NotificationType | null {
  switch (event.type) {
    case 'checkout.session.completed':
      return event.data.object.mode === 'subscription' ? 'checkout_completed' : null;
    case 'customer.subscription.trial_will_end':
      return 'trial_ending';
    case 'invoice.payment_failed':
      return 'payment_failed';
    case 'invoice.payment_action_required':
      return 'action_required';
    case 'invoice.paid':
      return event.data.object.amount_paid > 0 ? 'payment_succeeded' : null;
    case 'customer.subscription.deleted':
      return duplicateOf(event.data.object) ? 'duplicate_canceled' : 'subscription_canceled';
    case 'customer.subscription.updated': {
      const previous = event.data.previous_attributes as Partial<Stripe.Subscription> | undefined;
      const before = planItem(previous?.items?.data)?.price;
      if (!before) return null;
      const after = planItem(event.data.object.items.data)?.price;
      return after && before.id !== after.id ? 'plan_changed' : null;
    }
    default:
      return null;
  }
}

/**
 * The key a hook passes on to make its side effect idempotent: one per Stripe event and
 * notification, the same on every attempt (Stripe's retries, another instance's takeover).
 */
export function idempotencyKeyOf(eventId: string, type: NotificationType): string {
  return `tollgate:${eventId}:${type}`;
}

/**
 * The notifications one event causes (see {@link notificationTypeOf} for which). They describe the event itself (the attempt that failed,
 * the plan that changed), so their details come from the signed event; the billing state in
 * `status` comes from the store after the sync.
 */
export async function notificationsFor(
  event: Stripe.Event,
  unkeyed: Omit<NotificationBase, 'idempotencyKey'>,
  prices: PriceResolver,
  catalog: Catalog,
): Promise<Notification[]> {
  if (!notificationTypeOf(event)) return [];
  const base = (type: NotificationType): NotificationBase => ({
    ...unkeyed,
    idempotencyKey: idempotencyKeyOf(unkeyed.eventId, type),
  });
  switch (event.type) {
    case 'checkout.session.completed': {
      const session = event.data.object;
      const subscriptionId =
        typeof session.subscription === 'string'
          ? session.subscription
          : (session.subscription?.id ?? null);
      return [
        {
          type: 'checkout_completed',
          payload: {
            ...base('checkout_completed'),
            subscriptionId,
            plan: unkeyed.status.status === 'none' ? null : unkeyed.status.plan,
            interval: unkeyed.status.interval,
          },
        },
      ];
    }
    case 'customer.subscription.trial_will_end': {
      const subscription = event.data.object;
      return [
        {
          type: 'trial_ending',
          payload: {
            ...base('trial_ending'),
            trialEnd: iso(subscription.trial_end),
            hasPaymentMethod: subscription.default_payment_method != null,
          },
        },
      ];
    }
    case 'invoice.payment_failed': {
      const invoice = event.data.object;
      return [
        {
          type: 'payment_failed',
          payload: {
            ...base('payment_failed'),
            invoiceId: invoice.id ?? '',
            subscriptionId: subscriptionOfInvoice(invoice),
            attempt: invoice.attempt_count,
            nextRetryAt: iso(invoice.next_payment_attempt),
            amountDue: invoice.amount_due,
            currency: invoice.currency,
            hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
          },
        },
      ];
    }
    case 'invoice.payment_action_required': {
      const invoice = event.data.object;
      return [
        {
          type: 'action_required',
          payload: {
            ...base('action_required'),
            invoiceId: invoice.id ?? '',
            subscriptionId: subscriptionOfInvoice(invoice),
            url: invoice.hosted_invoice_url ?? null,
            amountDue: invoice.amount_due,
            currency: invoice.currency,
          },
        },
      ];
    }
    case 'invoice.paid': {
      const invoice = event.data.object;
      return [
        {
          type: 'payment_succeeded',
          payload: {
            ...base('payment_succeeded'),
            invoiceId: invoice.id ?? '',
            subscriptionId: subscriptionOfInvoice(invoice),
            amountPaid: invoice.amount_paid,
            currency: invoice.currency,
            billingReason: invoice.billing_reason ?? null,
          },
        },
      ];
    }
    case 'customer.subscription.deleted': {
      const subscription = event.data.object;
      const { plan } = await planOfPrice(prices, catalog, planItem(subscription.items.data)?.price);
      const kept = duplicateOf(subscription);
      if (kept) {
        return [
          {
            type: 'duplicate_canceled',
            payload: {
              ...base('duplicate_canceled'),
              subscriptionId: subscription.id,
              keptSubscriptionId: kept,
              plan,
            },
          },
        ];
      }
      return [
        {
          type: 'subscription_canceled',
          payload: { ...base('subscription_canceled'), subscriptionId: subscription.id, plan },
        },
      ];
    }
    case 'customer.subscription.updated': {
      const subscription = event.data.object;
      const previous = event.data.previous_attributes as Partial<Stripe.Subscription> | undefined;
      const before = planItem(previous?.items?.data)?.price;
      const after = planItem(subscription.items.data)?.price;
      const [from, to] = await Promise.all([
        planOfPrice(prices, catalog, before),
        planOfPrice(prices, catalog, after),
      ]);
      return [
        {
          type: 'plan_changed',
          payload: { ...base('plan_changed'), subscriptionId: subscription.id, from, to },
        },
      ];
    }
    default:
      return [];
  }
}

/** Runs the hooks for each notification, in order. A hook that throws fails the event. */
export async function runNotifier(notify: Notifier, notifications: Notification[], logger: Logger) {
  for (const notification of notifications) {
    const hook = notify[notification.type] as ((payload: unknown) => unknown) | undefined;
    if (!hook) continue;
    logger.debug(`notify ${notification.type}`, { eventId: notification.payload.eventId });
    await hook(notification.payload);
  }
}

export type { BillingStatus };
