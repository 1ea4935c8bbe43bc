import type Stripe from 'stripe';
import type { UsageBatch } from './outbox';

/** How Stripe answered one meter event. */
export type SendOutcome =
  | { kind: 'delivered' }
  /** Stripe already had this identifier: an earlier attempt got through. */
  | { kind: 'duplicate' }
  /** 429, 5xx, a timeout or no connection: try again later. */
  | { kind: 'retry'; reason: string; rateLimited: boolean }
  /** Any other refusal (customer gone, meter inactive, timestamp too old): kept with the reason. */
  | { kind: 'refused'; reason: string };

/** Sends one sealed meter event under its identifier and classifies Stripe's answer. */
export async function sendBatch(stripe: Stripe, batch: UsageBatch): Promise<SendOutcome> {
  try {
    await stripe.billing.meterEvents.create({
      event_name: batch.meter,
      identifier: batch.identifier,
      timestamp: batch.timestamp,
      payload: { stripe_customer_id: batch.customerId, value: String(batch.value) },
    });
    return { kind: 'delivered' };
  } catch (error) {
    const e = error as { statusCode?: number; message?: string; code?: string };
    const reason = `${e.statusCode ?? 'no response'}${e.code ? ` ${e.code}` : ''}: ${e.message ?? String(error)}`;
    if (e.statusCode === 400 && /already exists with identifier/i.test(e.message ?? '')) {
      return { kind: 'duplicate' };
    }
    if (
      e.statusCode === undefined ||
      e.statusCode === 429 ||
      e.statusCode >= 500 ||
      e.statusCode === 409
    ) {
      return { kind: 'retry', reason, rateLimited: e.statusCode === 429 };
    }
    return { kind: 'refused', reason };
  }
}
