import type { BillingSnapshot } from '@tollgate/core';
import type { Queryable } from '@tollgate/server';
import { createStore } from '@tollgate/server/store/store';
import { createPriceResolver } from '@tollgate/server/stripe/prices';
import { createCustomerReader } from '@tollgate/server/sync/read';
import type Stripe from 'stripe';
import { catalog } from '../../app';

/** One customer whose stored state differs from Stripe's. */
export interface Divergence {
  customerId: string;
  field: string;
  stored: unknown;
  stripe: unknown;
}

const withoutSyncTime = (snapshot: BillingSnapshot | null) =>
  snapshot ? { ...snapshot, syncedAt: '' } : null;

/** JSON with object keys sorted: jsonb does not keep key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * Compares every stored customer with Stripe: the whole snapshot against a fresh read through
 * the SDK (what `syncCustomer` would store now, sync time aside), and — independently of the
 * server's reader — the stored subscription's status, price and cancellation against Stripe's own
 * subscription object. Also checks each user ↔ customer link against the customer's metadata.
 */
export async function compareWithStripe(
  stripe: Stripe,
  db: Queryable,
  schema: string,
  now: () => Date,
): Promise<{ customers: number; divergences: Divergence[] }> {
  const store = createStore(db, schema);
  const read = createCustomerReader(stripe, catalog, createPriceResolver(stripe, catalog), now);
  const ids = await store.customerIds();
  const divergences: Divergence[] = [];
  for (const customerId of ids) {
    const stored = await store.snapshot(customerId);
    const fresh = await read(customerId);
    const a = withoutSyncTime(stored);
    const b = withoutSyncTime(fresh.snapshot);
    if (canonical(a) !== canonical(b)) {
      divergences.push({ customerId, field: 'snapshot', stored: a, stripe: b });
    }
    const sub = stored?.subscription;
    if (sub) {
      const live = await stripe.subscriptions.retrieve(sub.id);
      const pairs: [string, unknown, unknown][] = [
        ['status', sub.status, live.status],
        ['priceId', sub.priceId, live.items.data[0]?.price.id],
        ['cancelAtPeriodEnd', sub.cancelAtPeriodEnd, live.cancel_at_period_end],
        ['customer', customerId, live.customer],
      ];
      for (const [field, mine, theirs] of pairs) {
        if (mine !== theirs) divergences.push({ customerId, field, stored: mine, stripe: theirs });
      }
    }
    const user = await store.userForCustomer(customerId);
    const customer = await stripe.customers.retrieve(customerId);
    const metaUser = 'deleted' in customer && customer.deleted ? null : customer.metadata.userId;
    if (user !== (metaUser ?? null)) {
      divergences.push({ customerId, field: 'userId', stored: user, stripe: metaUser });
    }
  }
  return { customers: ids.length, divergences };
}

/** Ledger rows by status. */
export async function ledgerCounts(
  db: Queryable,
  schema: string,
): Promise<{ processing: number; done: number; failed: number }> {
  const { rows } = await db.query(
    `SELECT status, count(*)::int AS n FROM "${schema}".tollgate_events GROUP BY status`,
  );
  const out = { processing: 0, done: 0, failed: 0 };
  for (const row of rows as { status: keyof typeof out; n: number }[])
    out[row.status] = Number(row.n);
  return out;
}

/** Event ids in the ledger with their status. */
export async function ledger(db: Queryable, schema: string): Promise<Map<string, string>> {
  const { rows } = await db.query(`SELECT id, status FROM "${schema}".tollgate_events`);
  return new Map((rows as { id: string; status: string }[]).map((r) => [r.id, r.status]));
}
