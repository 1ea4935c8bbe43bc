import { BillingError, type BillingSnapshot } from '@tollgate/core';
import type { Store } from '../store/store';

/** What one read of Stripe yields for a customer. */
export interface CustomerRead {
  snapshot: BillingSnapshot;
  /** `metadata.userId` of the Stripe customer, when set. */
  userId: string | null;
}

/** Options of {@link createSyncCoordinator}. */
export interface SyncCoordinatorOptions {
  store: Store;
  read: (customerId: string) => Promise<CustomerRead>;
  /** How long a lease protects a running sync from others (a crashed holder frees it after). */
  leaseSeconds?: number;
  /** How often a waiting instance looks whether the holder finished. */
  pollMs?: number;
  /** How long a waiter waits for another instance before giving up. */
  waitMs?: number;
}

const noop = () => {};
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Waiter {
  upTo: number;
  resolve: (snapshot: BillingSnapshot) => void;
  reject: (error: unknown) => void;
}

/**
 * Serialises and coalesces syncs of one customer, across any number of processes.
 *
 * Every call registers a request in the store (`requested` counter, one statement that also
 * takes the lease when it is free). One holder reads Stripe and writes; its write statement
 * reports whether requests arrived meanwhile, and if so it reads again. Everyone else waits for
 * `completed` to cover their request number: callers in the holder's process are handed the
 * snapshot directly, other processes poll the row. A burst of N events therefore costs about two
 * Stripe reads, and since only the lease holder can write, older state never lands over newer.
 * A holder that fails releases the lease; one that crashes loses it after `leaseSeconds`.
 */
export function createSyncCoordinator(options: SyncCoordinatorOptions) {
  const { store, read } = options;
  const leaseSeconds = options.leaseSeconds ?? 30;
  const pollMs = options.pollMs ?? 20;
  const waitMs = options.waitMs ?? 30_000;
  const owner = `${crypto.randomUUID()}`;
  /** Customers this process is syncing now, with the local callers waiting on that sync. */
  const holding = new Map<string, Waiter[]>();

  const settle = (waiters: Waiter[], upTo: number, snapshot: BillingSnapshot) => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (waiters[i]!.upTo <= upTo) waiters.splice(i, 1)[0]!.resolve(snapshot);
    }
  };

  async function hold(customerId: string, first: number): Promise<BillingSnapshot> {
    const waiters: Waiter[] = [];
    holding.set(customerId, waiters);
    let upTo = first;
    try {
      for (;;) {
        const { snapshot, userId } = await read(customerId);
        const written = await store.writeSnapshot(owner, upTo, snapshot, userId);
        if (!written) {
          // The lease expired and another instance took over: its write will cover us.
          holding.delete(customerId);
          for (const waiter of waiters.splice(0))
            waitFor(customerId, waiter.upTo).then(waiter.resolve, waiter.reject);
          return waitFor(customerId, upTo);
        }
        settle(waiters, upTo, snapshot);
        if (written.requested <= upTo) {
          holding.delete(customerId);
          const late = waiters.splice(0);
          if (late.length > 0) {
            // Registered after the lease was released: one fresh sync covers them all.
            const again = runShared(customerId);
            for (const waiter of late) again.then(waiter.resolve, waiter.reject);
          }
          return snapshot;
        }
        upTo = written.requested;
      }
    } catch (error) {
      holding.delete(customerId);
      await store.releaseLease(customerId, owner).catch(noop);
      for (const waiter of waiters.splice(0)) waiter.reject(error);
      throw error;
    }
  }

  async function waitFor(customerId: string, upTo: number): Promise<BillingSnapshot> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      await sleep(pollMs);
      const progress = await store.syncProgress(customerId);
      if (progress.completed >= upTo) {
        const stored = await store.snapshot(customerId);
        if (stored) return stored;
      }
      if (progress.leaseFree) return runShared(customerId);
      if (Date.now() > deadline) {
        throw new BillingError(
          'STRIPE_UNAVAILABLE',
          `Another instance has been syncing customer ${customerId} for over ${waitMs} ms — check that instance's Stripe connectivity.`,
        );
      }
    }
  }

  async function runShared(customerId: string): Promise<BillingSnapshot> {
    const lease = await store.requestSync(customerId, owner, leaseSeconds);
    const local = holding.get(customerId);
    if (local) {
      return new Promise<BillingSnapshot>((resolve, reject) => {
        local.push({ upTo: lease.requested, resolve, reject });
      });
    }
    if (lease.owner === owner) return hold(customerId, lease.requested);
    return waitFor(customerId, lease.requested);
  }

  /** Re-reads the customer from Stripe (or waits for a sync that covers this call) and stores it. */
  const sync = (customerId: string): Promise<BillingSnapshot> => runShared(customerId);

  return { sync, owner };
}

/** The coordinator returned by {@link createSyncCoordinator}. */
export type SyncCoordinator = ReturnType<typeof createSyncCoordinator>;
