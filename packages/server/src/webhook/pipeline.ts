import { BillingError } from '@tollgate/core';
import type Stripe from 'stripe';
import { type BillingContext, statusOf } from '../context';
import { customerOf, touchesCatalog } from './customer-of';
import { notificationsFor, runNotifier } from './notify';

/** What became of one verified event. */
export type EventOutcome = 'processed' | 'duplicate';

/** How long a `processing` claim blocks others before it counts as crashed. */
export const STALE_CLAIM_SECONDS = 120;

/** How long a duplicate waits for another attempt at the same event before asking for a retry. */
export const IN_FLIGHT_WAIT_MS = 5_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Claims the event, or — when another attempt holds it — waits until that attempt is done (null:
 * a true duplicate) or failed (claim it and run it here). A duplicate is never acknowledged
 * while the other attempt may still fail: its own delivery may already have timed out, and then
 * no retry would ever come.
 */
async function claimOrAwait(
  ctx: BillingContext,
  event: Stripe.Event,
  customerId: string | null,
): Promise<{ attempts: number } | null> {
  const deadline = Date.now() + IN_FLIGHT_WAIT_MS;
  for (;;) {
    const claim = await ctx.store.claimEvent(event.id, event.type, customerId, STALE_CLAIM_SECONDS);
    if (claim) return claim;
    const entry = await ctx.store.event(event.id);
    if (!entry || entry.status === 'done') return null;
    if (Date.now() > deadline) {
      throw new BillingError(
        'INTERNAL_ERROR',
        `Event ${event.id} is still being processed by another attempt — Stripe will retry it.`,
        { status: 503 },
      );
    }
    await sleep(50);
  }
}

/**
 * Processes a verified event exactly once: claim its id in the ledger (one statement); if it is
 * done, stop; if another attempt has it, wait for that attempt's outcome. Otherwise re-sync the customer from Stripe, run the
 * notifier hooks, and mark it done. Any failure marks it failed — releasing the claim so Stripe's
 * retry runs it again — and rethrows (the route answers 500).
 */
export async function processEvent(
  ctx: BillingContext,
  event: Stripe.Event,
): Promise<EventOutcome> {
  const customerId = customerOf(event);
  const claim = await claimOrAwait(ctx, event, customerId);
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
