import type { BillingSnapshot } from '@tollgate/core';
import type { RecordInput, RecordOutput, Store } from '@tollgate/server/store/store';
import type { LedgerStatus } from '@tollgate/server/store/types';

/**
 * The slice of the `Store` contract that `processEvent` uses without notifier hooks (record,
 * snapshot version, ledger lookups), kept in Maps with the same compare-and-set rules as
 * `tollgate_record_one`. Only for measuring the pipeline's own CPU with the database taken out;
 * any other method throws.
 */
export function memoryStore(): Store {
  const events = new Map<string, LedgerStatus>();
  const snapshots = new Map<string, { version: number; json: string; snapshot: BillingSnapshot }>();
  const withoutSyncedAt = (snapshot: BillingSnapshot) =>
    JSON.stringify({ ...snapshot, syncedAt: null });

  const record = async ({ write, events: claims }: RecordInput): Promise<RecordOutput> => {
    const output: RecordOutput = { events: [] };
    if (write) {
      const stored = snapshots.get(write.customerId);
      // The SQL store serialises the snapshot for its jsonb parameter; so does this one.
      const json = withoutSyncedAt(write.snapshot);
      const version = stored?.version ?? 0;
      if (stored && stored.json === json) output.write = { outcome: 'unchanged', version };
      else if (version === write.expected) {
        snapshots.set(write.customerId, { version: version + 1, json, snapshot: write.snapshot });
        output.write = { outcome: 'written', version: version + 1 };
      } else output.write = { outcome: 'conflict', version };
    }
    for (const claim of claims) {
      if (output.write?.outcome === 'conflict') {
        output.events.push({ outcome: 'skipped', attempts: 0 });
        continue;
      }
      const status = events.get(claim.id);
      if (status === 'done' || status === 'processing' || status === 'ignored') {
        output.events.push({ outcome: status, attempts: 1 });
        continue;
      }
      events.set(claim.id, claim.status);
      output.events.push({ outcome: 'claimed', attempts: 1 });
    }
    return output;
  };

  const store: Partial<Store> = {
    record,
    async snapshotVersion(customerId) {
      return snapshots.get(customerId)?.version ?? 0;
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
    async userForCustomer() {
      // every benchmark customer is managed (the check is remembered after the first event)
      return 'bench-user';
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
