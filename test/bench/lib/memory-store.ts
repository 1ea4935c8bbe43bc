import type { BillingSnapshot } from '@tollgate/core';
import type { Store } from '@tollgate/server/store/store';

/**
 * The slice of the `Store` contract that `processEvent` uses without notifier hooks (claim,
 * finish, sync lease, snapshot write), kept in Maps. Only for measuring the pipeline's own CPU
 * with the database taken out; any other method throws.
 */
export function memoryStore(): Store {
  const events = new Map<string, 'processing' | 'done' | 'failed'>();
  const snapshots = new Map<
    string,
    {
      requested: number;
      completed: number;
      owner: string | null;
      snapshot: BillingSnapshot | null;
      json: string;
    }
  >();
  const row = (customerId: string) => {
    let r = snapshots.get(customerId);
    if (!r) {
      r = { requested: 0, completed: 0, owner: null, snapshot: null, json: '' };
      snapshots.set(customerId, r);
    }
    return r;
  };
  const store: Partial<Store> = {
    async claimEvent(id) {
      const status = events.get(id);
      if (status === 'done' || status === 'processing') return null;
      events.set(id, 'processing');
      return { attempts: 1 };
    },
    async event(id) {
      const status = events.get(id);
      return status
        ? {
            id,
            type: 'customer.subscription.updated',
            customerId: null,
            status,
            attempts: 1,
            error: null,
          }
        : null;
    },
    async finishEvent(id, status) {
      events.set(id, status);
    },
    async requestSync(customerId, owner) {
      const r = row(customerId);
      r.requested++;
      if (r.owner === null) r.owner = owner;
      return { requested: r.requested, owner: r.owner };
    },
    async writeSnapshot(owner, upTo, snapshot) {
      const r = row(snapshot.customerId);
      if (r.owner !== owner) return null;
      // The SQL store serialises the snapshot for its jsonb parameter; so does this one.
      r.json = JSON.stringify(snapshot);
      r.snapshot = snapshot;
      r.completed = Math.max(r.completed, upTo);
      if (r.requested <= upTo) r.owner = null;
      return { requested: r.requested };
    },
    async releaseLease(customerId, owner) {
      const r = row(customerId);
      if (r.owner === owner) r.owner = null;
    },
    async syncProgress(customerId) {
      const r = row(customerId);
      return { completed: r.completed, leaseFree: r.owner === null };
    },
    async snapshot(customerId) {
      return snapshots.get(customerId)?.snapshot ?? null;
    },
  };
  return new Proxy(store as Store, {
    get(target, key) {
      const value = target[key as keyof Store];
      if (value === undefined && typeof key === 'string' && key !== 'then') {
        throw new Error(`BENCH_MEMORY_STORE: ${key} is not part of the measured webhook path`);
      }
      return value;
    },
  });
}
