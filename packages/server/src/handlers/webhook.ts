import { BillingError } from '@tollgate/core';
import type { BillingContext } from '../context';
import { readText } from '../http/body';
import { endpoint, type Handler } from '../http/endpoint';
import { toBillingError } from '../http/errors';
import { json } from '../http/respond';
import { processEvent } from '../webhook/pipeline';
import type { Verifier } from '../webhook/verify';

/**
 * `POST /webhook`: raw body (413 over the limit), signature against every secret and a
 * timestamp check (400), then the exactly-once pipeline. 200 for processed, duplicate and
 * unknown events; 5xx when processing failed so that Stripe retries (503 for a transient cause,
 * 429 with `Retry-After` when Stripe reads are over their budget).
 */
export function createWebhookHandler(ctx: BillingContext, verify: Verifier): Handler {
  return endpoint(ctx, { name: 'POST /webhook', method: 'POST', csrf: false }, async (req) => {
    const raw = await readText(req, ctx.config.limits.webhookBytes);
    const event = await verify(raw, req.headers.get('stripe-signature'));
    try {
      await processEvent(ctx, event);
    } catch (error) {
      // Whatever failed, Stripe must retry: a retry-later cause (Stripe unavailable or rate
      // limiting, the read budget full, an event another attempt holds, a snapshot conflict)
      // answers with its own status; anything else — a notifier hook, the store — is a 500.
      const failure = toBillingError(error);
      if ((failure.status >= 500 || failure.retryable) && failure.code !== 'INTERNAL_ERROR') {
        throw failure;
      }
      throw new BillingError(
        'INTERNAL_ERROR',
        `Processing ${event.type} failed — Stripe will retry this event.`,
        { cause: error, ...(failure.details ? { details: failure.details } : {}) },
      );
    }
    return json({ received: true });
  });
}
