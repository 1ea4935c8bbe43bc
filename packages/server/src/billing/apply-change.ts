import { BillingError, type ChangeResponse } from '@tollgate/core';
import type Stripe from 'stripe';
import { type BillingContext, nowSeconds } from '../context';
import { invoicePaymentIntentId } from '../sync/snapshot';
import { itemsAfter } from './metered-prices';
import { defaultProrationDate, type PlanChange, scheduleId } from './plan-change';
import { carriedDiscounts, keyed, periodEndSchedule, scheduleFor } from './schedule';

/** How old a preview's `prorationDate` may be when `/change` uses it. */
export const PREVIEW_TTL_SECONDS = 30 * 60;

/**
 * Applies an immediate change: releases a pending schedule (an upgrade replaces a scheduled
 * downgrade) — and puts it back when the update then fails or its payment does — then updates the item with `always_invoice`, the previewed `proration_date` and
 * `pending_if_incomplete` — an unpaid upgrade stays pending and never applies. A payment that
 * needs 3-D Secure answers `requires_action` with the invoice's confirmation secret.
 */
export async function applyNow(
  ctx: BillingContext,
  change: PlanChange,
  requestedDate: number | undefined,
  idempotencyKey?: string,
): Promise<ChangeResponse | null> {
  const now = nowSeconds(ctx);
  const prorationDate = requestedDate ?? defaultProrationDate(now, change);
  if (
    prorationDate > now + 300 ||
    prorationDate < now - PREVIEW_TTL_SECONDS ||
    prorationDate < change.periodStart
  ) {
    throw new BillingError(
      'PREVIEW_EXPIRED',
      'This price preview is out of date — preview the change again, then confirm.',
    );
  }
  const pending = scheduleId(change.subscription);
  const released = pending
    ? await ctx.stripe.subscriptionSchedules.release(pending, {}, keyed(idempotencyKey, 'release'))
    : null;
  try {
    const updated = await ctx.stripe.subscriptions.update(
      change.subscription.id,
      {
        items: itemsAfter(change),
        proration_behavior: 'always_invoice',
        proration_date: prorationDate,
        payment_behavior: 'pending_if_incomplete',
        expand: ['latest_invoice.confirmation_secret'],
      },
      keyed(idempotencyKey, 'update'),
    );
    if (!updated.pending_update) return null;
    return await unpaidUpgrade(ctx, updated);
  } catch (error) {
    // The upgrade did not apply: the scheduled change it was to replace must not be lost.
    if (released) await restoreSchedule(ctx, change, released);
    throw error;
  }
}

/**
 * Puts back a schedule that was released for an upgrade that then failed: a new schedule from
 * the subscription with the released one's phases (the same prices, quantities and dates).
 * Stripe refuses to re-attach a released schedule, so it is recreated.
 */
async function restoreSchedule(
  ctx: BillingContext,
  change: PlanChange,
  released: Stripe.SubscriptionSchedule,
): Promise<void> {
  const upcoming = released.phases.filter((phase) => phase.end_date > nowSeconds(ctx));
  if (upcoming.length < 2) return;
  try {
    const schedule = await ctx.stripe.subscriptionSchedules.create({
      from_subscription: change.subscription.id,
    });
    await ctx.stripe.subscriptionSchedules.update(schedule.id, {
      end_behavior: 'release',
      proration_behavior: 'none',
      phases: upcoming.map((phase, i) => ({
        // Metered items have no quantity, and Stripe takes none for them.
        items: phase.items.map((item) => ({
          price: typeof item.price === 'string' ? item.price : item.price.id,
          ...(item.quantity != null ? { quantity: item.quantity } : {}),
        })),
        ...(i === 0 ? { start_date: schedule.phases[0]?.start_date ?? phase.start_date } : {}),
        end_date: phase.end_date,
        proration_behavior: 'none' as const,
        discounts: carriedDiscounts(change.subscription),
      })),
    });
  } catch (restoreError) {
    ctx.config.logger.error('a scheduled change could not be restored after a failed upgrade', {
      subscriptionId: change.subscription.id,
      scheduleId: released.id,
      message: restoreError instanceof Error ? restoreError.message : String(restoreError),
    });
  }
}

async function unpaidUpgrade(
  ctx: BillingContext,
  updated: Stripe.Subscription,
): Promise<ChangeResponse> {
  const invoice = typeof updated.latest_invoice === 'object' ? updated.latest_invoice : null;
  const intentId = invoice ? invoicePaymentIntentId(invoice) : null;
  const intent = intentId ? await ctx.stripe.paymentIntents.retrieve(intentId) : null;
  const clientSecret = invoice?.confirmation_secret?.client_secret;
  if (invoice && intent?.status === 'requires_action' && clientSecret) {
    return {
      outcome: 'requires_action',
      requiresAction: true,
      clientSecret,
      hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
      amountDue: invoice.amount_due,
      currency: invoice.currency,
    };
  }
  const reason = intent?.last_payment_error?.message ?? 'The payment for this change failed.';
  throw new BillingError(
    'PAYMENT_FAILED',
    `${reason} Your plan was not changed — update your card and try again.`,
    {
      details: {
        ...(intent?.last_payment_error?.decline_code
          ? { declineCode: intent.last_payment_error.decline_code }
          : {}),
        ...(invoice?.hosted_invoice_url ? { hostedInvoiceUrl: invoice.hosted_invoice_url } : {}),
      },
    },
  );
}

/**
 * Schedules a change for the end of the current period: the schedule attached to the
 * subscription (created from it when there is none) gets {@link periodEndPhases} — exactly what
 * `/preview` showed through `schedule_details`.
 */
export async function applyAtPeriodEnd(
  ctx: BillingContext,
  change: PlanChange,
  idempotencyKey?: string,
): Promise<void> {
  const schedule = await scheduleFor(ctx, change, idempotencyKey);
  await ctx.stripe.subscriptionSchedules.update(
    schedule.id,
    periodEndSchedule(change, schedule),
    keyed(idempotencyKey, 'phases'),
  );
}
