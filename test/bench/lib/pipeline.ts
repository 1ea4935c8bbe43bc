import type { BillingSnapshot } from '@tollgate/core';
import type { BillingConfig } from '@tollgate/server';
import { resolveConfig } from '@tollgate/server/config';
import type { BillingContext } from '@tollgate/server/context';
import { createStore, type Store } from '@tollgate/server/store/store';
import type { Queryable } from '@tollgate/server/store/types';
import { stripeClient } from '@tollgate/server/stripe/client';
import { createPriceResolver } from '@tollgate/server/stripe/prices';
import { type CustomerRead, createSyncCoordinator } from '@tollgate/server/sync/coordinator';
import { createCustomerReader } from '@tollgate/server/sync/read';
import type Stripe from 'stripe';
import { benchConfig } from './billing';

/** A realistic stored snapshot: an active monthly Pro subscription with a paid invoice. */
export function benchSnapshot(customerId: string): BillingSnapshot {
  const day = 86_400_000;
  const start = Date.UTC(2026, 10, 1);
  return {
    customerId,
    hasHadTrial: false,
    subscription: {
      id: `sub_${customerId.slice(4)}`,
      status: 'active',
      plan: 'pro',
      interval: 'month',
      priceId: 'price_bench_pro_monthly',
      currentPeriodStart: new Date(start).toISOString(),
      currentPeriodEnd: new Date(start + 30 * day).toISOString(),
      cancelAtPeriodEnd: false,
      cancelAt: null,
      canceledAt: null,
      endedAt: null,
      trialStart: null,
      trialEnd: null,
      hasPaymentMethod: true,
      pendingUpdate: null,
      scheduledChange: null,
      latestInvoice: {
        id: `in_${customerId.slice(4)}`,
        status: 'paid',
        amountDue: 2900,
        currency: 'usd',
        attemptCount: 1,
        nextPaymentAttempt: null,
        hostedInvoiceUrl: null,
        clientSecret: null,
        paymentStatus: 'succeeded',
      },
    },
    syncedAt: new Date(start).toISOString(),
  };
}

/** Where a pipeline context reads Stripe from. */
export type ReadSource =
  | { kind: 'stripe'; stripe: Stripe }
  /** `changes`: every read finds new state (the snapshot is rewritten); else the same state. */
  | { kind: 'memory'; changes: boolean };

let reads = 0;

/** {@link benchSnapshot}, different on every call (amount due and read time). */
function changedSnapshot(customerId: string): BillingSnapshot {
  const snapshot = benchSnapshot(customerId);
  const n = ++reads;
  const invoice = snapshot.subscription!.latestInvoice!;
  return {
    ...snapshot,
    subscription: { ...snapshot.subscription!, latestInvoice: { ...invoice, amountDue: n } },
    syncedAt: new Date().toISOString(),
  };
}

/**
 * The context `createBilling` builds for its webhook route (config, store, price resolver, sync
 * coordinator), assembled from the server's own modules so a benchmark can run `processEvent`
 * on a given store. With `{kind: 'memory'}` the Stripe read answers {@link benchSnapshot} from
 * memory — used only to isolate database and CPU cost; Stripe itself is measured through the
 * emulator in the pipeline benchmark.
 */
export function pipelineContext(
  store: Store,
  db: Queryable,
  source: ReadSource,
  overrides: Partial<BillingConfig> = {},
): BillingContext {
  const config = resolveConfig(
    benchConfig({
      store: db,
      ...(source.kind === 'stripe' ? { stripe: source.stripe } : {}),
      ...overrides,
    }),
  );
  const stripe = stripeClient(config.stripe);
  const prices = createPriceResolver(stripe, config.catalog);
  const read =
    source.kind === 'stripe'
      ? createCustomerReader(stripe, config.catalog, prices, config.now)
      : async (customerId: string): Promise<CustomerRead> => ({
          snapshot: source.changes ? changedSnapshot(customerId) : benchSnapshot(customerId),
          userId: null,
        });
  const coordinator = createSyncCoordinator({ store, read });
  return {
    config,
    stripe,
    store,
    prices,
    sync: coordinator.sync,
    syncWithClaim: coordinator.syncWithClaim,
    ready: () => Promise.resolve(),
  };
}

/** A SQL store over `db`. */
export function sqlStore(db: Queryable): Store {
  return createStore(db);
}

/** Counts the statements sent through a Queryable (one statement = one round trip). */
export function countingQueryable(db: Queryable): Queryable & { count: number } {
  const counted = {
    count: 0,
    query(text: string, params?: unknown[]) {
      counted.count++;
      return db.query(text, params);
    },
  };
  return counted;
}

/** A minimal parsed subscription event for `processEvent` (id, type, customer). */
export function lightEvent(id: string, customerId: string): Stripe.Event {
  return {
    id,
    object: 'event',
    type: 'customer.subscription.updated',
    data: {
      object: { id: `sub_${customerId.slice(4)}`, object: 'subscription', customer: customerId },
    },
  } as unknown as Stripe.Event;
}
