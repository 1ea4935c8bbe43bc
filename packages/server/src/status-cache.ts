import type { BillingStatus } from '@tollgate/core';
import type { NoticeHandlers, NoticeState, Notices } from './store/notices';
import type { Store } from './store/store';

/** Notices remembered for reads in flight; a read that more overtook is not kept. */
const RECENT = 1024;

/** A user's derived status as `/status` answers it, and until when it holds (billing clock). */
export interface StatusEntry {
  status: BillingStatus;
  /** `status` as JSON, so a kept answer is not serialised again. */
  body: string;
  /** The linked Stripe customer (a write to its snapshot drops the entry), or null. */
  customerId: string | null;
  /** Epoch ms of the status's next time edge (`statusExpiresAt`); `Infinity` for none. */
  expiresAt: number;
}

/** The status cache's settings (`statusCache` in the config). */
export interface StatusCacheSettings {
  /** Most users kept; the least recently read is dropped first. */
  max: number;
  /** Kept answers are served only while the listener proved, this recently, that no write was missed. */
  maxStaleMs: number;
}

/** What {@link createStatusCache} needs. */
export interface StatusCacheParts extends StatusCacheSettings {
  /** Reads and derives a user's status from the store. */
  load(userId: string): Promise<StatusEntry>;
  /** The billing clock (`config.now`), epoch ms: entries expire on it. */
  now(): number;
  /** Subscribes to the store's write notices (`listenForStatus`). */
  listen(handlers: NoticeHandlers): Notices;
  onProblem(message: string): void;
  /** A monotonic clock for the listener's proofs of life; `performance.now` by default. */
  monotonic?: () => number;
}

/** How the cache is doing, for `billing.health()`. */
export interface StatusCacheStats {
  state: NoticeState;
  entries: number;
  max: number;
  /** Write notices heard since start (the store's, not this process's own writes). */
  notices: number;
}

/** Users' derived statuses, kept coherent with the store's writes (see the server README). */
export interface StatusCache {
  /** The user's status: the kept one when it may be served, else read (and kept when allowed). */
  get(userId: string): Promise<StatusEntry>;
  /** The kept status when it may be served now, without a read; else undefined. */
  peek(userId: string): StatusEntry | undefined;
  /** Drops what a write this process made changed (before its notice arrives). */
  written(change: { userId?: string | null; customerId?: string | null }): void;
  stats(): StatusCacheStats;
  close(): Promise<void>;
}

/**
 * A bounded map of user → derived status. An entry is dropped when a write's notice names its
 * user or customer, when the listener (re)connects, when the billing clock reaches its time edge,
 * or when it is the least recently read and the map is full. Entries are served only while the
 * listener is `listening` and confirmed within `maxStaleMs`; otherwise every read goes to the
 * store. A read that a notice for its user or customer overtook is answered but not kept: that
 * write may have landed after the read.
 */
export function createStatusCache(parts: StatusCacheParts): StatusCache {
  let fromStore = 0;
  const monotonic = parts.monotonic ?? (() => performance.now());
  const entries = new Map<string, StatusEntry>();
  const userOfCustomer = new Map<string, string>();
  // The last RECENT notices by number (`recent[n % RECENT]`), so a read can tell whether one
  // that arrived while it ran names its user or customer; `resets` counts reconnections.
  const recent: string[] = [];
  let heard = 0;
  let resets = 0;

  const remove = (userId: string) => {
    const entry = entries.get(userId);
    if (!entry) return;
    entries.delete(userId);
    if (entry.customerId !== null && userOfCustomer.get(entry.customerId) === userId) {
      userOfCustomer.delete(entry.customerId);
    }
  };
  const clear = () => {
    resets++;
    entries.clear();
    userOfCustomer.clear();
  };
  const drop = (payload: string) => {
    heard++;
    recent[heard % RECENT] = payload;
    if (payload.startsWith('u:')) remove(payload.slice(2));
    else if (payload.startsWith('c:')) {
      const userId = userOfCustomer.get(payload.slice(2));
      if (userId !== undefined) remove(userId);
    } else {
      entries.clear();
      userOfCustomer.clear();
    }
  };
  /** Whether a notice since `since` (or a reconnection) may describe a write the read missed. */
  const overtaken = (
    since: { heard: number; resets: number },
    entry: StatusEntry,
    userId: string,
  ) => {
    if (resets !== since.resets || heard - since.heard >= RECENT) return true;
    for (let n = since.heard + 1; n <= heard; n++) {
      const payload = recent[n % RECENT];
      if (payload === '*' || payload === `u:${userId}` || payload === `c:${entry.customerId}`) {
        return true;
      }
    }
    return false;
  };
  const notices = parts.listen({
    onNotice: (payload) => {
      fromStore++;
      drop(payload);
    },
    onListening: clear,
    onProblem: parts.onProblem,
  });
  const servable = () =>
    notices.state() === 'listening' && monotonic() - notices.confirmedAt() < parts.maxStaleMs;

  const peek = (userId: string) => {
    if (!servable()) return undefined;
    const kept = entries.get(userId);
    if (kept && parts.now() < kept.expiresAt) {
      // Most recently read last: the map's first key is the one to evict.
      entries.delete(userId);
      entries.set(userId, kept);
      return kept;
    }
    if (kept) remove(userId);
    return undefined;
  };

  return {
    peek,
    async get(userId) {
      const kept = peek(userId);
      if (kept) return kept;
      const since = { heard, resets };
      const entry = await parts.load(userId);
      if (servable() && entry.expiresAt > parts.now() && !overtaken(since, entry, userId)) {
        remove(userId);
        entries.set(userId, entry);
        if (entry.customerId !== null) userOfCustomer.set(entry.customerId, userId);
        while (entries.size > parts.max) remove(entries.keys().next().value as string);
      }
      return entry;
    },
    written({ userId, customerId }) {
      if (userId) drop(`u:${userId}`);
      if (customerId) drop(`c:${customerId}`);
    },
    stats: () => ({
      state: notices.state(),
      entries: entries.size,
      max: parts.max,
      notices: fromStore,
    }),
    close: () => notices.close(),
  };
}

/**
 * `store` with its link and snapshot writes dropping what they change from `cache` as soon as
 * they return (a read right after this process's own write never sees the old status; the
 * store's notice, which reaches every instance, may come a moment later).
 */
export function announcingWrites(store: Store, cache: StatusCache): Store {
  return {
    ...store,
    async record(input) {
      try {
        return await store.record(input);
      } finally {
        cache.written({ customerId: input.write?.customerId, userId: input.write?.userId });
      }
    },
    async linkCustomer(userId, customerId, email) {
      try {
        return await store.linkCustomer(userId, customerId, email);
      } finally {
        cache.written({ userId, customerId });
      }
    },
  };
}
