import {
  BillingError,
  type BillingSnapshot,
  type BillingStatus,
  deriveBillingState,
} from '@tollgate/core';
import type Stripe from 'stripe';
import type { BillingUser, ResolvedConfig } from './config';
import type { Store, UserBilling } from './store/store';
import type { PriceResolver } from './stripe/prices';
import type { SyncCoordinator } from './sync/coordinator';

/** Everything a handler needs, built once by `createBilling`. */
export interface BillingContext {
  config: ResolvedConfig;
  stripe: Stripe;
  store: Store;
  prices: PriceResolver;
  /** Re-reads a customer from Stripe into the store (serialised, coalesced). */
  sync: SyncCoordinator['sync'];
  /** The same, recording an event's ledger claim in the snapshot's write. */
  syncWithClaim: SyncCoordinator['syncWithClaim'];
  /** Whether Tollgate manages a Stripe customer (linked in the store, or `metadata.userId`). */
  manages(customerId: string): Promise<boolean>;
  /** Resolves once the store is ready (migrations applied when `migrate: true`). */
  ready(): Promise<void>;
}

/** The status a user sees for what is stored. */
export function statusOf(ctx: BillingContext, billing: UserBilling): BillingStatus {
  const snapshot: BillingSnapshot | null = billing.snapshot
    ? { ...billing.snapshot, hasHadTrial: billing.snapshot.hasHadTrial || billing.hasHadTrial }
    : billing.hasHadTrial
      ? {
          customerId: billing.customerId ?? '',
          hasHadTrial: true,
          subscription: null,
          syncedAt: new Date(0).toISOString(),
        }
      : null;
  return deriveBillingState(snapshot, {
    catalog: ctx.config.catalog,
    now: ctx.config.now(),
    ...(ctx.config.policy ? { policy: ctx.config.policy } : {}),
  });
}

/** The signed-in user, or 401. */
export async function requireUser(ctx: BillingContext, req: Request): Promise<BillingUser> {
  const user = await ctx.config.getUser(req);
  if (!user || typeof user.id !== 'string' || user.id === '') {
    throw new BillingError('UNAUTHENTICATED', 'Sign in to manage billing.');
  }
  return user;
}

/** Unix seconds of the billing clock. */
export function nowSeconds(ctx: BillingContext): number {
  return Math.floor(ctx.config.now().getTime() / 1000);
}

/**
 * The user's stored billing for a write route. When a customer exists but no subscription is
 * stored yet (its webhooks are still on the way after checkout), the customer is synced first,
 * so a change right after checkout does not fail on a stale store.
 */
export async function billingForWrite(ctx: BillingContext, userId: string): Promise<UserBilling> {
  const billing = await ctx.store.readUser(userId);
  if (billing.customerId && !billing.snapshot?.subscription) {
    await ctx.sync(billing.customerId);
    return ctx.store.readUser(userId);
  }
  return billing;
}

/**
 * The caller's subscription fresh from Stripe, for a route that changes it; 404-style
 * `NO_SUBSCRIPTION` with `messages.none` when there is none stored, `messages.ended` when Stripe
 * says it has ended.
 */
export async function liveSubscriptionForWrite(
  ctx: BillingContext,
  userId: string,
  messages: { none: string; ended: string },
): Promise<{ customerId: string; subscription: Stripe.Subscription }> {
  const billing = await billingForWrite(ctx, userId);
  const id = billing.snapshot?.subscription?.id;
  if (!billing.customerId || !id) throw new BillingError('NO_SUBSCRIPTION', messages.none);
  const subscription = await ctx.stripe.subscriptions.retrieve(id);
  if (subscription.status === 'canceled' || subscription.status === 'incomplete_expired') {
    throw new BillingError('NO_SUBSCRIPTION', messages.ended);
  }
  return { customerId: billing.customerId, subscription };
}
