import { BillingError } from '@tollgate/core';
import type { BillingContext } from './context';
import { nowSeconds } from './context';

/** The outcome of {@link reportUsage}. */
export interface UsageReport {
  /** `recorded`: Stripe took it now; `duplicate`: this identifier was already recorded. */
  outcome: 'recorded' | 'duplicate';
  identifier: string;
}

/**
 * Records metered usage for a user through Billing Meters. The idempotency key becomes the meter
 * event's `identifier`: reporting it twice records once (Stripe answers the repeat with 400
 * "already exists", which counts as recorded).
 */
export async function reportUsage(
  ctx: BillingContext,
  userId: string,
  meter: string,
  value: number,
  idempotencyKey: string,
): Promise<UsageReport> {
  if (!Number.isFinite(value) || value < 0) {
    throw new BillingError('INVALID_REQUEST', `Usage value must be a number ≥ 0, got ${value}.`);
  }
  if (!idempotencyKey || idempotencyKey.length > 100) {
    throw new BillingError(
      'INVALID_REQUEST',
      'Pass an idempotency key of 1–100 characters (e.g. your request id).',
    );
  }
  await ctx.ready();
  const customer = await ctx.store.customerForUser(userId);
  if (!customer?.customerId) {
    throw new BillingError(
      'NO_SUBSCRIPTION',
      `User ${userId} has no Stripe customer — they must subscribe before usage is billed.`,
    );
  }
  try {
    await ctx.stripe.billing.meterEvents.create({
      event_name: meter,
      identifier: idempotencyKey,
      timestamp: nowSeconds(ctx),
      payload: { stripe_customer_id: customer.customerId, value: String(value) },
    });
    return { outcome: 'recorded', identifier: idempotencyKey };
  } catch (error) {
    const e = error as { type?: string; message?: string };
    if (e.type === 'StripeInvalidRequestError' && /already exists/i.test(e.message ?? '')) {
      return { outcome: 'duplicate', identifier: idempotencyKey };
    }
    throw error;
  }
}
