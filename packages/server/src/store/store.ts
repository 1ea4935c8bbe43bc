import type { BillingSnapshot } from '@tollgate/core';
import { type TableNames, tableNames } from './migrations';
import type { CustomerRow, LedgerEntry, LedgerStatus, Queryable } from './types';

type Row = Record<string, unknown>;

const str = (value: unknown): string | null => (value == null ? null : String(value));
const num = (value: unknown): number => Number(value ?? 0);

/** What a sync lease request answers: the request number taken and who holds the lease now. */
export interface LeaseState {
  requested: number;
  owner: string | null;
}

/** The customer link and snapshot of one user, read in one query for `/status`. */
export interface UserBilling {
  customerId: string | null;
  hasHadTrial: boolean;
  snapshot: BillingSnapshot | null;
}

/**
 * Every query Tollgate runs. Each method is exactly one statement, so each is one round trip
 * and atomic on its own; nothing relies on a session.
 */
export interface Store {
  readonly tables: TableNames;
  /** The user's customer link, snapshot and trial flag (one query). */
  readUser(userId: string): Promise<UserBilling>;
  /** The customer row for a user, or null. */
  customerForUser(userId: string): Promise<CustomerRow | null>;
  /** The user linked to a Stripe customer, or null. */
  userForCustomer(customerId: string): Promise<string | null>;
  /** Links a user to a customer unless already linked; returns the customer id that won. */
  linkCustomer(userId: string, customerId: string, email: string | null): Promise<string>;
  /** Every known Stripe customer id. */
  customerIds(): Promise<string[]>;
  /** The stored snapshot of a customer, or null. */
  snapshot(customerId: string): Promise<BillingSnapshot | null>;
  /**
   * Claims an event: inserts it as `processing`, or takes over a `failed` one or a
   * `processing` one older than `staleSeconds` (a crashed worker). Null when someone else has
   * it or it is done.
   */
  claimEvent(
    id: string,
    type: string,
    customerId: string | null,
    staleSeconds: number,
  ): Promise<{ attempts: number } | null>;
  /** Marks a claimed event done or failed (with the error message). */
  finishEvent(
    id: string,
    status: Exclude<LedgerStatus, 'processing'>,
    error?: string,
  ): Promise<void>;
  /** One ledger row, or null. */
  event(id: string): Promise<LedgerEntry | null>;
  /** Registers a sync request and takes the lease if it is free or expired. */
  requestSync(customerId: string, owner: string, leaseSeconds: number): Promise<LeaseState>;
  /**
   * Writes the snapshot read for request number `upTo`, and the user link / trial flag; releases
   * the lease unless newer requests arrived meanwhile. Returns the latest request number, or null
   * when `owner` no longer holds the lease (it expired and someone else took it).
   */
  writeSnapshot(
    owner: string,
    upTo: number,
    snapshot: BillingSnapshot,
    userId: string | null,
  ): Promise<{ requested: number } | null>;
  /** Drops the lease if `owner` holds it (after a failed sync). */
  releaseLease(customerId: string, owner: string): Promise<void>;
  /** How far syncs of a customer got, and whether the current lease has expired. */
  syncProgress(customerId: string): Promise<{ completed: number; leaseFree: boolean }>;
}

/**
 * Builds the store over any {@link Queryable}. Tables live in `schema` when given (tests use one
 * schema per file), else wherever `search_path` points.
 */
export function createStore(db: Queryable, schema: string | null = null): Store {
  const t = tableNames(schema);
  const one = async (text: string, params: unknown[]): Promise<Row | null> => {
    const { rows } = await db.query(text, params);
    return (rows[0] as Row | undefined) ?? null;
  };

  return {
    tables: t,
    async readUser(userId) {
      const row = await one(
        `SELECT c.customer_id, c.has_had_trial, s.snapshot
         FROM ${t.customers} c LEFT JOIN ${t.snapshots} s ON s.customer_id = c.customer_id
         WHERE c.user_id = $1`,
        [userId],
      );
      if (!row) return { customerId: null, hasHadTrial: false, snapshot: null };
      return {
        customerId: str(row.customer_id),
        hasHadTrial: row.has_had_trial === true,
        snapshot: parseSnapshot(row.snapshot),
      };
    },
    async customerForUser(userId) {
      const row = await one(
        `SELECT user_id, customer_id, has_had_trial FROM ${t.customers} WHERE user_id = $1`,
        [userId],
      );
      return row
        ? {
            userId: String(row.user_id),
            customerId: str(row.customer_id),
            hasHadTrial: row.has_had_trial === true,
          }
        : null;
    },
    async userForCustomer(customerId) {
      const row = await one(`SELECT user_id FROM ${t.customers} WHERE customer_id = $1`, [
        customerId,
      ]);
      return row ? String(row.user_id) : null;
    },
    async linkCustomer(userId, customerId, email) {
      const row = await one(
        `INSERT INTO ${t.customers} (user_id, customer_id, email) VALUES ($1, $2, $3)
         ON CONFLICT (user_id) DO UPDATE
           SET customer_id = COALESCE(${t.customers}.customer_id, EXCLUDED.customer_id),
               email = COALESCE(EXCLUDED.email, ${t.customers}.email),
               updated_at = now()
         RETURNING customer_id`,
        [userId, customerId, email],
      );
      return String(row?.customer_id ?? customerId);
    },
    async customerIds() {
      const { rows } = await db.query(
        `SELECT customer_id FROM ${t.customers} WHERE customer_id IS NOT NULL
         UNION SELECT customer_id FROM ${t.snapshots} ORDER BY 1`,
      );
      return rows.map((row) => String((row as Row).customer_id));
    },
    async snapshot(customerId) {
      const row = await one(`SELECT snapshot FROM ${t.snapshots} WHERE customer_id = $1`, [
        customerId,
      ]);
      return parseSnapshot(row?.snapshot);
    },
    async claimEvent(id, type, customerId, staleSeconds) {
      const row = await one(
        `INSERT INTO ${t.events} AS e (id, type, customer_id, status) VALUES ($1, $2, $3, 'processing')
         ON CONFLICT (id) DO UPDATE
           SET status = 'processing', attempts = e.attempts + 1, claimed_at = now(),
               finished_at = NULL, error = NULL
           WHERE e.status = 'failed'
              OR (e.status = 'processing' AND e.claimed_at < now() - make_interval(secs => $4::float8))
         RETURNING attempts`,
        [id, type, customerId, staleSeconds],
      );
      return row ? { attempts: num(row.attempts) } : null;
    },
    async finishEvent(id, status, error) {
      await db.query(
        `UPDATE ${t.events} SET status = $2, error = $3, finished_at = now() WHERE id = $1`,
        [id, status, error ?? null],
      );
    },
    async event(id) {
      const row = await one(
        `SELECT id, type, customer_id, status, attempts, error FROM ${t.events} WHERE id = $1`,
        [id],
      );
      return row
        ? {
            id: String(row.id),
            type: String(row.type),
            customerId: str(row.customer_id),
            status: row.status as LedgerStatus,
            attempts: num(row.attempts),
            error: str(row.error),
          }
        : null;
    },
    async requestSync(customerId, owner, leaseSeconds) {
      const row = await one(
        `INSERT INTO ${t.snapshots} AS s (customer_id, requested, lease_owner, lease_until)
         VALUES ($1, 1, $2, now() + make_interval(secs => $3::float8))
         ON CONFLICT (customer_id) DO UPDATE SET
           requested = s.requested + 1,
           lease_owner = CASE WHEN s.lease_owner IS NULL OR s.lease_until < now()
                              THEN EXCLUDED.lease_owner ELSE s.lease_owner END,
           lease_until = CASE WHEN s.lease_owner IS NULL OR s.lease_until < now()
                              THEN EXCLUDED.lease_until ELSE s.lease_until END
         RETURNING requested::text AS requested, lease_owner`,
        [customerId, owner, leaseSeconds],
      );
      return { requested: num(row?.requested), owner: str(row?.lease_owner) };
    },
    async writeSnapshot(owner, upTo, snapshot, userId) {
      const row = await one(
        `WITH written AS (
           UPDATE ${t.snapshots} SET
             snapshot = $3::jsonb, synced_at = now(), completed = GREATEST(completed, $4::bigint),
             lease_owner = CASE WHEN requested > $4::bigint THEN lease_owner ELSE NULL END,
             lease_until = CASE WHEN requested > $4::bigint THEN lease_until ELSE NULL END
           WHERE customer_id = $1 AND lease_owner = $2
           RETURNING requested::text AS requested
         ), linked AS (
           INSERT INTO ${t.customers} (user_id, customer_id, has_had_trial)
           SELECT $5::text, $1::text, $6::boolean WHERE $5::text IS NOT NULL AND EXISTS (SELECT 1 FROM written)
           ON CONFLICT (user_id) DO UPDATE SET
             customer_id = COALESCE(${t.customers}.customer_id, EXCLUDED.customer_id),
             has_had_trial = ${t.customers}.has_had_trial OR EXCLUDED.has_had_trial,
             updated_at = now()
           RETURNING 1
         ), trial AS (
           UPDATE ${t.customers} SET has_had_trial = true, updated_at = now()
           WHERE $5::text IS NULL AND $6::boolean AND customer_id = $1 AND NOT has_had_trial
             AND EXISTS (SELECT 1 FROM written)
           RETURNING 1
         )
         SELECT requested FROM written`,
        [snapshot.customerId, owner, JSON.stringify(snapshot), upTo, userId, snapshot.hasHadTrial],
      );
      return row ? { requested: num(row.requested) } : null;
    },
    async releaseLease(customerId, owner) {
      await db.query(
        `UPDATE ${t.snapshots} SET lease_owner = NULL, lease_until = NULL
         WHERE customer_id = $1 AND lease_owner = $2`,
        [customerId, owner],
      );
    },
    async syncProgress(customerId) {
      const row = await one(
        `SELECT completed::text AS completed,
                (lease_owner IS NULL OR lease_until < now()) AS lease_free
         FROM ${t.snapshots} WHERE customer_id = $1`,
        [customerId],
      );
      return { completed: num(row?.completed), leaseFree: row ? row.lease_free === true : true };
    },
  };
}

function parseSnapshot(value: unknown): BillingSnapshot | null {
  if (value == null) return null;
  return (typeof value === 'string' ? JSON.parse(value) : value) as BillingSnapshot;
}
