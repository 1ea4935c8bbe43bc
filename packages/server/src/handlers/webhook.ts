import { BillingError } from '@tollgate/core';
import type { BillingContext } from '../context';
import { readText } from '../http/body';
import { endpoint, type Handler } from '../http/endpoint';
import { json } from '../http/respond';
import { processEvent } from '../webhook/pipeline';
import type { Verifier } from '../webhook/verify';

/**
 * `POST /webhook`: raw body (413 over the limit), signature against every secret and a
 * timestamp check (400), then the exactly-once pipeline. 200 for processed, duplicate and
 * unknown events; 500 when processing failed so that Stripe retries.
 */
export function createWebhookHandler(ctx: BillingContext, verify: Verifier): Handler {
  return endpoint(ctx, { name: 'POST /webhook', method: 'POST', csrf: false }, async (req) => {
    const raw = await readText(req, ctx.config.limits.webhookBytes);
    const event = await verify(raw, req.headers.get('stripe-signature'));
    try {
      await processEvent(ctx, event);
    } catch (error) {
      // Whatever failed (Stripe, the store, a notifier hook), Stripe must retry: answer 500.
      throw new BillingError(
        'INTERNAL_ERROR',
        `Processing ${event.type} failed — Stripe will retry this event.`,
        {
          cause: error,
          ...(error instanceof BillingError && error.details ? { details: error.details } : {}),
        },
      );
    }
    return json({ received: true });
  });
}
