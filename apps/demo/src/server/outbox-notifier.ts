import { type Catalog, formatDate, formatMoney } from '@tollgate/core';
import type { NotificationBase, Notifier } from '@tollgate/server';
import type { DemoStore } from './demo-store';
import type { DemoUser } from './users';

/** Options of {@link createOutboxNotifier}. */
export interface OutboxNotifierOptions {
  store: DemoStore;
  users: readonly DemoUser[];
  /** The app's URL, for links in the emails. */
  appUrl: string;
  /** The plans, for their names ("Pro"). */
  catalog: Catalog;
}

const date = (iso: string | null) => (iso ? formatDate(iso, 'en-US', { timeZone: 'UTC' }) : 'soon');
/** Money as the app's components print it: "$20", "$15.48". */
const money = (amount: number, currency: string) =>
  formatMoney(amount, currency, 'en-US', { trimWhole: true });

/**
 * Tollgate's notifier hooks, writing each notification to the demo's outbox as the email a
 * real app would send. The hooks run once per Stripe event, after the customer's state is synced.
 * Each email is dated when its event happened (`eventCreated`: on the customer's own test clock in
 * the offline demo), so a clock jump that runs several retries dates each at its own.
 */
export function createOutboxNotifier(options: OutboxNotifierOptions): Notifier {
  const send = async (
    { userId, eventCreated }: NotificationBase,
    kind: string,
    subject: string,
    body: string,
  ): Promise<void> => {
    const user = options.users.find((u) => u.id === userId);
    if (!user) return; // a customer this demo does not know (created elsewhere in Stripe)
    await options.store.sendEmail({
      userId: user.id,
      to: user.email,
      kind,
      subject,
      body,
      sentAt: eventCreated,
    });
  };
  const billingLink = `${options.appUrl}/billing`;
  const planName = (plan: string | null) =>
    (plan && options.catalog.get(plan)?.name) ?? 'your plan';
  return {
    checkout_completed: (p) =>
      send(
        p,
        'checkout_completed',
        `Welcome to ${planName(p.plan)}`,
        p.status.status === 'trialing'
          ? `Your ${planName(p.plan)} trial has started and runs until ${date(p.status.trialEnd)}.`
          : `Your ${planName(p.plan)} subscription is active. Manage it at ${billingLink}.`,
      ),
    trial_ending: (p) =>
      send(
        p,
        'trial_ending',
        'Your trial ends in 3 days',
        p.hasPaymentMethod
          ? `Your trial ends on ${date(p.trialEnd)}; your card on file will be charged then.`
          : `Your trial ends on ${date(p.trialEnd)}. Add a payment method at ${billingLink} to keep access.`,
      ),
    payment_failed: (p) =>
      send(
        p,
        'payment_failed',
        `Payment failed (attempt ${p.attempt})`,
        `We could not charge ${money(p.amountDue, p.currency)}. ${
          p.nextRetryAt
            ? `We will try again on ${date(p.nextRetryAt)}.`
            : 'That was the last automatic attempt.'
        } Update your card at ${billingLink}.`,
      ),
    action_required: (p) =>
      send(
        p,
        'action_required',
        'Confirm your payment',
        `Your bank needs you to confirm a payment of ${money(p.amountDue, p.currency)}${
          p.url ? `: ${p.url}` : '.'
        }`,
      ),
    payment_succeeded: (p) =>
      send(
        p,
        'payment_succeeded',
        `Receipt: ${money(p.amountPaid, p.currency)}`,
        `We received your payment of ${money(p.amountPaid, p.currency)}${
          p.billingReason === 'subscription_cycle' ? ' for your new billing period' : ''
        }. Thank you!`,
      ),
    subscription_canceled: (p) =>
      send(
        p,
        'subscription_canceled',
        'Your subscription has ended',
        `Your ${planName(p.plan)} subscription has ended. You can subscribe again at ${options.appUrl}/pricing.`,
      ),
    plan_changed: (p) =>
      send(
        p,
        'plan_changed',
        `You are now on ${planName(p.to.plan)}`,
        `Your plan changed from ${planName(p.from.plan)} to ${planName(p.to.plan)}.`,
      ),
  };
}
