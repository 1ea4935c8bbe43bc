import { BillingError } from '@tollgate/core';
import type Stripe from 'stripe';
import { type BillingContext, statusOf } from '../context';
import { redactString } from '../logger';
import type { ClaimOutcome, LedgerClaim } from '../store/store';
import { customerOf, touchesCatalog } from './customer-of';
import { notificationsFor, notificationTypeOf, runNotifier } from './notify';
import { changesBillingState } from './state-events';

/** What became of one verified event. */
export type EventOutcome = 'processed' | 'duplicate' | 'ignored';

/** How long a duplicate waits for another attempt at the same event before asking for a retry. */
export const IN_FLIGHT_WAIT_MS = 5_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Re-syncs the event's customer and claims the event, together in one statement; an event that
 * cannot change billing state (see `changesBillingState`) is claimed without a Stripe read.
 */
async function syncAndClaim(ctx: BillingContext, claim: LedgerClaim): Promise<ClaimOutcome> {
  if (touchesCatalog(claim.type)) ctx.prices.invalidate();
  const recorded =
    claim.customerId && changesBillingState(claim.type)
      ? (await ctx.syncWithClaim(claim.customerId, claim)).claim
      : (await ctx.store.record({ events: [claim] })).events[0];
  return recorded?.outcome ?? 'skipped';
}

/**
 * Acknowledges an event about a customer Tollgate does not manage (another product's, or from
 * before Tollgate): recorded as `ignored` in the ledger, logged at debug, never synced — so
 * Stripe stops sending it instead of retrying it for three days.
 */
async function ignore(
  ctx: BillingContext,
  event: Stripe.Event,
  customerId: string,
): Promise<EventOutcome> {
  ctx.config.logger.debug('event about a customer Tollgate does not manage: ignored', {
    eventId: event.id,
    type: event.type,
    customerId,
  });
  const claim: LedgerClaim = { id: event.id, type: event.type, customerId, status: 'ignored' };
  const [recorded] = (await ctx.store.record({ events: [claim] })).events;
  return recorded?.outcome === 'claimed' ? 'ignored' : 'duplicate';
}

/** Waits while another attempt holds the event; its final status, or 503 after the deadline. */
async function awaitOtherAttempt(ctx: BillingContext, eventId: string, deadline: number) {
  for (;;) {
    if (Date.now() >= deadline) {
      throw new BillingError(
        'EVENT_IN_PROGRESS',
        `Event ${eventId} is still being processed by another attempt — Stripe will retry it.`,
      );
    }
    const entry = await ctx.store.event(eventId);
    if (entry?.status !== 'processing') return entry?.status ?? 'failed';
    await sleep(50);
  }
}

/**
 * Processes a verified event exactly once. The customer is re-read from Stripe and its snapshot
 * written together with the event's ledger row — one statement, one round trip. An event whose
 * hooks must run is recorded as `processing`, then marked done once they succeeded (or failed,
 * so Stripe's retry runs them again); any other event is recorded as done at once. An event
 * already done is a duplicate; one another attempt is running waits for that attempt's outcome,
 * since a duplicate must not be acknowledged while the other attempt may still fail.
 */
export async function processEvent(
  ctx: BillingContext,
  event: Stripe.Event,
  /** Internal, not configuration: the benchmark passes 0 to show what waiting buys. */
  inFlightWaitMs = IN_FLIGHT_WAIT_MS,
): Promise<EventOutcome> {
  const customerId = customerOf(event);
  if (customerId && !(await ctx.manages(customerId))) return ignore(ctx, event, customerId);
  const notification = notificationTypeOf(event);
  const hooks = ctx.config.notify;
  const notifies = notification !== null && customerId !== null && hooks[notification] != null;
  const claim: LedgerClaim = {
    id: event.id,
    type: event.type,
    customerId,
    status: notifies ? 'processing' : 'done',
  };
  const deadline = Date.now() + inFlightWaitMs;
  for (;;) {
    const outcome = await syncAndClaim(ctx, claim);
    if (outcome === 'claimed') break;
    const status =
      outcome === 'done' || outcome === 'ignored'
        ? outcome
        : await awaitOtherAttempt(ctx, event.id, deadline);
    if (status === 'done' || status === 'ignored') {
      ctx.config.logger.debug('duplicate event skipped', { eventId: event.id, type: event.type });
      return 'duplicate';
    }
  }
  if (!notifies || !customerId) return 'processed';
  try {
    const userId = await ctx.store.userForCustomer(customerId);
    const status = statusOf(
      ctx,
      userId
        ? await ctx.store.readUser(userId)
        : { customerId, hasHadTrial: false, snapshot: await ctx.store.snapshot(customerId) },
    );
    const notifications = await notificationsFor(
      event,
      {
        userId,
        customerId,
        eventId: event.id,
        eventType: event.type,
        eventCreated: new Date(event.created * 1000).toISOString(),
        status,
      },
      ctx.prices,
      ctx.config.catalog,
    );
    await runNotifier(hooks, notifications, ctx.config.logger);
    await ctx.store.finishEvent(event.id, 'done');
    return 'processed';
  } catch (error) {
    // The ledger is read by operators like a log: secrets in a hook's message are redacted as
    // the logger redacts them.
    const message = redactString(error instanceof Error ? error.message : String(error));
    await ctx.store.finishEvent(event.id, 'failed', message.slice(0, 2000)).catch(() => {});
    throw error;
  }
}
