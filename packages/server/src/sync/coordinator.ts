import { BillingError, type BillingSnapshot } from '@tollgate/core';
import type { LedgerClaim, RecordOutput, Store } from '../store/store';

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
  /** Told when a write kept the stored user link over Stripe's `metadata.userId`. */
  onLinkConflict?: (customerId: string, note: string) => void;
  /**
   * A customer's next read starts at least this long after its previous one started (default
   * 0): the events of a renewal wave arriving within the window share one read.
   */
  coalesceMs?: number;
}

/** How many times a write may lose to another instance's newer write before giving up. */
const MAX_CONFLICTS = 5;
/** How many customers' stored versions (and last read starts) a process remembers. */
const VERSION_CACHE_SIZE = 10_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A synced snapshot, and what became of the ledger claim recorded with it. */
export interface SyncResult {
  snapshot: BillingSnapshot;
  claim?: RecordOutput['events'][number];
}

interface Request {
  claim: LedgerClaim | null;
  resolve: (result: SyncResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Serialises and coalesces syncs of one customer, and orders them across processes.
 *
 * In this process, one read of a customer runs at a time; every request made while it runs
 * waits for the next read, which starts after them all — so each caller gets state read after
 * its call, and a burst of N events costs about two Stripe reads. The read's snapshot and the
 * ledger claims of every event it covers are written as one statement (one round trip).
 *
 * With `coalesceMs`, a customer's reads start at least that far apart: the first event of a
 * renewal wave is read at once, the ones arriving within the window after it wait for the
 * window's end and share the next read (a wave of events within a second costs two reads, not
 * one per event). A customer not read recently is never delayed, nor is a sync a route asked
 * for (a user waits on it).
 *
 * Across processes, the write is a compare-and-set on the snapshot's version: it lands only if
 * the version is still the one seen before the read began (remembered from this process's last
 * write, else read once). When another instance wrote in between, the read may be older than
 * theirs, so it reads Stripe again and retries; an older read never lands over a newer one.
 */
export function createSyncCoordinator(options: SyncCoordinatorOptions) {
  const { store, read } = options;
  const coalesceMs = options.coalesceMs ?? 0;
  /** When each recently read customer's last read started (insertion order: oldest first). */
  const lastRead = new Map<string, number>();
  /** Customers being synced in this process, with the requests waiting for their next read. */
  const queues = new Map<string, Request[]>();
  /** The last stored version seen per customer, oldest first. */
  const versions = new Map<string, number>();

  const remember = (customerId: string, version: number) => {
    versions.delete(customerId);
    versions.set(customerId, version);
    if (versions.size > VERSION_CACHE_SIZE) versions.delete(versions.keys().next().value as string);
  };

  async function readAndWrite(customerId: string, claims: LedgerClaim[]) {
    let expected = versions.get(customerId) ?? (await store.snapshotVersion(customerId));
    for (let attempt = 1; ; attempt++) {
      const { snapshot, userId } = await read(customerId);
      const output = await store.record({
        write: { customerId, snapshot, expected, userId },
        events: claims,
      });
      const write = output.write ?? { outcome: 'conflict', version: expected };
      remember(customerId, write.version);
      if (write.note) options.onLinkConflict?.(customerId, write.note);
      if (write.outcome !== 'conflict') return { snapshot, events: output.events };
      if (attempt >= MAX_CONFLICTS) {
        throw new BillingError(
          'SNAPSHOT_CONFLICT',
          `Customer ${customerId} was written by other instances ${attempt} times while this one synced it — retry shortly.`,
        );
      }
      expected = write.version;
    }
  }

  /**
   * Waits until the customer's window since its last read has passed, then marks a new read.
   * A sync a route asked for (no ledger claim: a user is waiting on it) ends the wait at once.
   */
  async function windowFor(customerId: string, queue: readonly Request[]) {
    if (coalesceMs <= 0) return;
    const last = lastRead.get(customerId) ?? Number.NEGATIVE_INFINITY;
    const urgent = () => queue.some((r) => r.claim === null);
    for (;;) {
      const wait = last + coalesceMs - performance.now();
      if (wait <= 0 || urgent()) break;
      await sleep(Math.min(wait, 25));
    }
    lastRead.delete(customerId);
    lastRead.set(customerId, performance.now());
    if (lastRead.size > VERSION_CACHE_SIZE) lastRead.delete(lastRead.keys().next().value as string);
  }

  async function drain(customerId: string, queue: Request[]) {
    while (queue.length > 0) {
      await windowFor(customerId, queue);
      const requests = queue.splice(0);
      try {
        const claims = requests.flatMap((r) => (r.claim ? [r.claim] : []));
        const { snapshot, events } = await readAndWrite(customerId, claims);
        let n = 0;
        for (const r of requests)
          r.resolve(r.claim ? { snapshot, claim: events[n++] } : { snapshot });
      } catch (error) {
        for (const r of requests) r.reject(error);
      }
    }
    queues.delete(customerId);
  }

  const request = (customerId: string, claim: LedgerClaim | null) =>
    new Promise<SyncResult>((resolve, reject) => {
      const running = queues.get(customerId);
      if (running) {
        running.push({ claim, resolve, reject });
        return;
      }
      const queue: Request[] = [{ claim, resolve, reject }];
      queues.set(customerId, queue);
      void drain(customerId, queue);
    });

  return {
    /** Re-reads the customer from Stripe (or joins the next read of it) and stores it. */
    sync: async (customerId: string): Promise<BillingSnapshot> =>
      (await request(customerId, null)).snapshot,
    /** Syncs the customer and records the event's ledger claim in the same statement. */
    syncWithClaim: (customerId: string, claim: LedgerClaim): Promise<SyncResult> =>
      request(customerId, claim),
  };
}

/** The coordinator returned by {@link createSyncCoordinator}. */
export type SyncCoordinator = ReturnType<typeof createSyncCoordinator>;
