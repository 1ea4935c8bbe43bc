import type { BillingSnapshot } from '@tollgate/core';
import { billingSnapshot, invoiceSnapshot, subscriptionSnapshot } from '@tollgate/core/fixtures';
import type { BillingConfig } from '@tollgate/server';
import { resolveConfig } from '@tollgate/server/config';
import type { BillingContext } from '@tollgate/server/context';
import { createContext } from '@tollgate/server/create-context';
import type { Store } from '@tollgate/server/store/store';
import type { Queryable } from '@tollgate/server/store/types';
import type { CustomerRead } from '@tollgate/server/sync/coordinator';
import type Stripe from 'stripe';
import { benchConfig } from './billing';

/** A realistic stored snapshot: core's paid Pro-monthly fixture, for one customer. */
export function benchSnapshot(customerId: string): BillingSnapshot {
  const id = customerId.slice(4);
  const subscription = subscriptionSnapshot({
    id: `sub_${id}`,
    priceId: 'price_bench_pro_monthly',
    latestInvoice: invoiceSnapshot({ id: `in_${id}`, hostedInvoiceUrl: null }),
  });
  return { ...billingSnapshot(subscription), customerId };
}

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
 * The context `createBilling` builds (`createContext`), on a given store, so a benchmark can run
 * `processEvent` on it. The Stripe read answers {@link benchSnapshot} from memory — used only to isolate database and CPU cost; Stripe itself is measured through the
 * emulator in the pipeline benchmark.
 */
export function pipelineContext(
  db: Queryable,
  {
    changes,
    store,
    config,
  }: {
    /** Every read finds new state (the snapshot is rewritten); else the same state. */
    changes: boolean;
    /** A store in place of the SQL store on `db` (the CPU benchmark's in-memory one). */
    store?: Store;
    /** Config beside the bench defaults (e.g. `notify` hooks). */
    config?: Partial<BillingConfig>;
  },
): BillingContext {
  return createContext(resolveConfig(benchConfig({ store: db, ...config })), {
    read: benchRead(changes),
    ...(store ? { store } : {}),
  });
}

/** The Stripe read the benchmarks answer from memory: new state on every call, or the same. */
export function benchRead(changes: boolean): (customerId: string) => Promise<CustomerRead> {
  return async (customerId) => ({
    snapshot: changes ? changedSnapshot(customerId) : benchSnapshot(customerId),
    userId: null,
  });
}

/** Counts the statements sent through a Queryable (one statement = one round trip). */
export function countingQueryable(db: Queryable): Queryable & { count: number } {
  const counted = {
    count: 0,
    ...(db.options ? { options: db.options } : {}),
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
