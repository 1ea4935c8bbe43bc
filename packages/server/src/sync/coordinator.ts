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

interface Entry {
  tail: Promise<unknown>;
  pending: Promise<BillingSnapshot> | null;
}

/**
 * Serialises and coalesces syncs of one customer.
 *
 * In this process, a request that arrives while a sync runs joins the one queued after it, so a
 * burst of N requests costs at most two Stripe reads here. Across processes, a lease row in the
 * store (`requested` counter, `lease_owner`, `lease_until`) lets one holder read and write at a
 * time; others register their request and wait until `completed` covers it. The holder re-reads
 * while requests keep arriving, and only the holder can write, so older state never lands over
 * newer.
 */
export function createSyncCoordinator(options: SyncCoordinatorOptions) {
  const { store, read } = options;
  const leaseSeconds = options.leaseSeconds ?? 30;
  const pollMs = options.pollMs ?? 20;
  const waitMs = options.waitMs ?? 30_000;
  const owner = `${crypto.randomUUID()}`;
  const local = new Map<string, Entry>();

  async function holdAndSync(customerId: string, first: number): Promise<BillingSnapshot> {
    let upTo = first;
    try {
      for (;;) {
        const { snapshot, userId } = await read(customerId);
        const written = await store.writeSnapshot(owner, upTo, snapshot, userId);
        if (!written) return waitFor(customerId, upTo);
        if (written.requested <= upTo) return snapshot;
        upTo = written.requested;
      }
    } catch (error) {
      await store.releaseLease(customerId, owner).catch(noop);
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
    if (lease.owner === owner) return holdAndSync(customerId, lease.requested);
    return waitFor(customerId, lease.requested);
  }

  /** Re-reads the customer from Stripe (or waits for a sync that covers this call) and stores it. */
  function sync(customerId: string): Promise<BillingSnapshot> {
    const entry = local.get(customerId) ?? { tail: Promise.resolve(), pending: null };
    if (entry.pending) return entry.pending;
    const run: Promise<BillingSnapshot> = entry.tail.then(noop, noop).then(() => {
      if (entry.pending === run) entry.pending = null;
      return runShared(customerId);
    });
    entry.pending = run;
    entry.tail = run;
    local.set(customerId, entry);
    run.then(noop, noop).then(() => {
      if (entry.tail === run) local.delete(customerId);
    });
    return run;
  }

  return { sync, owner };
}

/** The coordinator returned by {@link createSyncCoordinator}. */
export type SyncCoordinator = ReturnType<typeof createSyncCoordinator>;
