import {
  BillingError,
  type BillingSnapshot,
  type BillingStatus,
  deriveBillingState,
  statusExpiresAt,
} from '@tollgate/core';
import type Stripe from 'stripe';
import type { BillingUser, ResolvedConfig } from './config';
import type { StatusCache, StatusEntry } from './status-cache';
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
  /** Whether `ready()` has resolved, so a request need not wait on it. */
  isReady(): boolean;
  /** Users' derived statuses kept in memory (`statusCache` in the config), or null. */
  statusCache: StatusCache | null;
}

/** The status a user sees for what is stored. */
export function statusOf(ctx: BillingContext, billing: UserBilling): BillingStatus {
  return deriveBillingState(snapshotOf(billing), deriveOptions(ctx.config));
}

/**
 * The user's status as `/status` answers it: from the status cache when it is on, else derived
 * from the store now.
 */
export async function userStatus(ctx: BillingContext, userId: string): Promise<StatusEntry> {
  if (ctx.statusCache) return ctx.statusCache.get(userId);
  return statusEntryOf(ctx.config, await ctx.store.readUser(userId));
}

/** A user's status derived from what is stored, with its JSON and its next time edge. */
export function statusEntryOf(config: ResolvedConfig, billing: UserBilling): StatusEntry {
  const snapshot = snapshotOf(billing);
  const options = deriveOptions(config);
  const status = deriveBillingState(snapshot, options);
  return {
    status,
    body: JSON.stringify(status),
    customerId: billing.customerId,
    expiresAt: statusExpiresAt(snapshot, options),
  };
}

const deriveOptions = (config: ResolvedConfig) => ({
  catalog: config.catalog,
  now: config.now(),
  ...(config.policy ? { policy: config.policy } : {}),
});

/** The stored snapshot with the link's trial flag (a trial counts once, whichever side saw it). */
function snapshotOf(billing: UserBilling): BillingSnapshot | null {
  if (billing.snapshot) {
    return {
      ...billing.snapshot,
      hasHadTrial: billing.snapshot.hasHadTrial || billing.hasHadTrial,
    };
  }
  if (!billing.hasHadTrial) return null;
  return {
    customerId: billing.customerId ?? '',
    hasHadTrial: true,
    subscription: null,
    syncedAt: new Date(0).toISOString(),
  };
}

/** The signed-in user, or 401. */
export async function requireUser(ctx: BillingContext, req: Request): Promise<BillingUser> {
  return signedIn(await ctx.config.getUser(req));
}

/** What `getUser` found, when it is a user; else 401. */
export function signedIn(user: BillingUser | null): BillingUser {
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
