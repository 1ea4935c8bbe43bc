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
    await processEvent(ctx, event);
    return json({ received: true });
  });
}
