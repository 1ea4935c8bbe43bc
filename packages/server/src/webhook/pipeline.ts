import type Stripe from 'stripe';
import { type BillingContext, statusOf } from '../context';
import { customerOf, touchesCatalog } from './customer-of';
import { notificationsFor, runNotifier } from './notify';

/** What became of one verified event. */
export type EventOutcome = 'processed' | 'duplicate';

/** How long a `processing` claim blocks others before it counts as crashed. */
export const STALE_CLAIM_SECONDS = 120;

/**
 * Processes a verified event exactly once: claim its id in the ledger (one statement); if
 * someone else has it or it is done, stop. Otherwise re-sync the customer from Stripe, run the
 * notifier hooks, and mark it done. Any failure marks it failed — releasing the claim so Stripe's
 * retry runs it again — and rethrows (the route answers 500).
 */
export async function processEvent(
  ctx: BillingContext,
  event: Stripe.Event,
): Promise<EventOutcome> {
  const customerId = customerOf(event);
  const claim = await ctx.store.claimEvent(event.id, event.type, customerId, STALE_CLAIM_SECONDS);
  if (!claim) {
    ctx.config.logger.debug('duplicate event skipped', { eventId: event.id, type: event.type });
    return 'duplicate';
  }
  try {
    if (touchesCatalog(event.type)) ctx.prices.invalidate();
    if (customerId) {
      const hooks = ctx.config.notify;
      await ctx.sync(customerId);
      if (Object.keys(hooks).length > 0) {
        const userId = await ctx.store.userForCustomer(customerId);
        const status = statusOf(
          ctx,
          userId
            ? await ctx.store.readUser(userId)
            : {
                customerId,
                hasHadTrial: false,
                snapshot: await ctx.store.snapshot(customerId),
              },
        );
        const notifications = await notificationsFor(
          event,
          { userId, customerId, eventId: event.id, eventType: event.type, status },
          ctx.prices,
          ctx.config.catalog,
        );
        await runNotifier(hooks, notifications, ctx.config.logger);
      }
    }
    await ctx.store.finishEvent(event.id, 'done');
    return 'processed';
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await ctx.store.finishEvent(event.id, 'failed', message.slice(0, 2000)).catch(() => {});
    throw error;
  }
}
