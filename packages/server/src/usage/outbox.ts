import { namedQueries, qualify, type TableNames } from '../store/sql';
import usageSql from '../store/sql/usage.sql';
import { type UserBilling, userBillingOf } from '../store/store';
import type { Queryable } from '../store/types';

type Row = Record<string, unknown>;

const QUERIES = namedQueries(usageSql);
type UsageQuery =
  | 'userBilling'
  | 'insert'
  | 'row'
  | 'seal'
  | 'claim'
  | 'delivered'
  | 'refused'
  | 'retryLater'
  | 'stats'
  | 'pending'
  | 'refusedBatches'
  | 'unsummarised'
  | 'summaries'
  | 'now'
  | 'saveSummary';

/** One usage row as `recordUsage` writes it. */
export interface UsageRow {
  identifier: string;
  userId: string;
  customerId: string;
  meter: string;
  value: number;
  /** Event time, unix seconds. */
  timestamp: number;
}

/** A sealed meter event: what is sent to Stripe, under `identifier`, however often it is retried. */
export interface UsageBatch {
  identifier: string;
  customerId: string;
  meter: string;
  value: number;
  timestamp: number;
  rows: number;
  attempts: number;
}

/** A hard limit for one insert: the period, the included amount, whether events are counted. */
export interface HardLimit {
  start: number;
  end: number;
  included: number;
  /** A `count` meter: each event counts 1, whatever its value. */
  counts: boolean;
}

/** Outbox depth for `health()`. */
export interface OutboxStats {
  /** Usage rows not yet delivered to Stripe. */
  pending: number;
  /** When the oldest of them was recorded, or null. */
  oldestPendingAt: string | null;
  /** Rows Stripe refused for good (kept with the reason). */
  refused: number;
}

/** A refused meter event with Stripe's reason. */
export interface RefusedBatch {
  identifier: string;
  customerId: string;
  meter: string;
  value: number;
  rows: number;
  error: string;
  refusedAt: string;
}

/** Per-meter figures of one customer's rows in a period: sum, count and latest value. */
export interface OutboxFigures {
  sum: number;
  count: number;
  last: number | null;
}

const batchOf = (r: Row): UsageBatch => ({
  identifier: String(r.identifier),
  customerId: String(r.customer_id),
  meter: String(r.meter),
  value: Number(r.value),
  timestamp: Number(r.ts),
  rows: Number(r.rows),
  attempts: Number(r.attempts),
});

/** The outbox's statements; each is one statement, so each is atomic on its own. */
export function outboxQueries(t: TableNames) {
  const q = {} as Record<UsageQuery, string>;
  for (const [name, text] of QUERIES) q[name as UsageQuery] = qualify(text, t);
  return {
    /** A user's customer link and snapshot, read through `db` (the caller's transaction). */
    async userBilling(db: Queryable, userId: string): Promise<UserBilling> {
      const { rows } = await db.query(q.userBilling, [userId]);
      return userBillingOf(rows[0] as Row | undefined);
    },

    /**
     * Inserts a usage row unless its identifier exists; returns the stored row when it did
     * (so the caller can tell a retry of the same usage from a reused key). Under a hard `limit`
     * the database decides atomically: `{used}` when the row would pass it (nothing inserted).
     */
    async insert(
      db: Queryable,
      row: UsageRow,
      limit: HardLimit | null = null,
    ): Promise<'recorded' | UsageRow | { used: number }> {
      const inserted = await db.query(q.insert, [
        row.identifier,
        row.userId,
        row.customerId,
        row.meter,
        row.value,
        row.timestamp,
        limit?.start ?? null,
        limit?.end ?? null,
        limit?.included ?? null,
        limit?.counts ?? false,
      ]);
      const outcome = String((inserted.rows[0] as Row).outcome);
      if (outcome === 'recorded') return 'recorded';
      if (outcome.startsWith('limit:')) return { used: Number(outcome.slice('limit:'.length)) };
      const { rows } = await db.query(q.row, [row.identifier]);
      const r = rows[0] as Row | undefined;
      if (!r) return 'recorded';
      return {
        identifier: row.identifier,
        userId: String(r.user_id),
        customerId: String(r.customer_id),
        meter: String(r.meter),
        value: Number(r.value),
        timestamp: Number(r.ts),
      };
    },

    /**
     * Seals up to `limit` unsealed rows into meter events: rows of an `aggregatable` meter
     * (formula `sum`) are summed per customer, meter and minute; any other row is its own event
     * under its own identifier. Rows are taken with SKIP LOCKED, so instances seal disjoint rows.
     */
    async seal(db: Queryable, limit: number, aggregatable: string[]): Promise<number> {
      const { rows } = await db.query(q.seal, [limit, aggregatable]);
      return rows.length;
    },

    /**
     * Claims up to `limit` due meter events for `leaseSeconds` (SKIP LOCKED: instances claim
     * disjoint ones). A claim whose lease ran out — its deliverer crashed — is due again.
     */
    async claim(db: Queryable, limit: number, leaseSeconds: number): Promise<UsageBatch[]> {
      const { rows } = await db.query(q.claim, [limit, leaseSeconds]);
      return (rows as Row[]).map(batchOf);
    },

    /** Marks meter events delivered (Stripe took them, or already had their identifier), with their rows. */
    async delivered(db: Queryable, identifiers: string[]): Promise<void> {
      if (identifiers.length === 0) return;
      await db.query(q.delivered, [identifiers]);
    },

    /** Keeps a meter event Stripe refused for good, with its reason, and its rows. */
    async refused(db: Queryable, identifier: string, reason: string): Promise<void> {
      await db.query(q.refused, [identifier, reason]);
    },

    /** Releases meter events to be tried again after `delaySeconds`, noting the error. */
    async retryLater(
      db: Queryable,
      identifiers: string[],
      delaySeconds: number,
      reason: string,
    ): Promise<void> {
      if (identifiers.length === 0) return;
      await db.query(q.retryLater, [identifiers, delaySeconds, reason]);
    },

    /** Outbox depth, oldest undelivered row and refused rows. */
    async stats(db: Queryable): Promise<OutboxStats> {
      const { rows } = await db.query(q.stats);
      const r = rows[0] as Row;
      return {
        pending: Number(r.pending),
        oldestPendingAt: r.oldest == null ? null : new Date(r.oldest as string).toISOString(),
        refused: Number(r.refused),
      };
    },

    /** Whether any usage row is still to be delivered (cheaper than `stats`: stops at the first). */
    async hasPending(db: Queryable): Promise<boolean> {
      const { rows } = await db.query(q.pending);
      return (rows[0] as Row).pending === true;
    },

    /** Meter events Stripe refused, newest first (at most `limit`). */
    async refusedBatches(db: Queryable, limit: number): Promise<RefusedBatch[]> {
      const { rows } = await db.query(q.refusedBatches, [limit]);
      return (rows as Row[]).map((r) => ({
        identifier: String(r.identifier),
        customerId: String(r.customer_id),
        meter: String(r.meter),
        value: Number(r.value),
        rows: Number(r.rows),
        error: String(r.error),
        refusedAt: new Date(r.finished_at as string).toISOString(),
      }));
    },

    /**
     * A customer's rows in `[start, end)` per meter that Stripe's cached summary does not hold
     * yet: pending ones, and those delivered after the summary was fetched (`fetchedAt` per meter).
     */
    async unsummarised(
      db: Queryable,
      customerId: string,
      start: number,
      end: number,
    ): Promise<Map<string, OutboxFigures>> {
      const { rows } = await db.query(q.unsummarised, [customerId, start, end]);
      return new Map(
        (rows as Row[]).map((r) => [
          String(r.meter),
          {
            sum: Number(r.sum),
            count: Number(r.count),
            last: r.last == null ? null : Number(r.last),
          },
        ]),
      );
    },

    /**
     * Cached Stripe summaries of a customer's period, by meter; `stale` when Stripe may not have
     * aggregated a row delivered within `settleSeconds` before the fetch, and that time has passed.
     */
    async summaries(
      db: Queryable,
      customerId: string,
      periodStart: number,
      settleSeconds: number,
    ): Promise<Map<string, { value: number; stale: boolean }>> {
      const { rows } = await db.query(q.summaries, [customerId, periodStart, settleSeconds]);
      return new Map(
        (rows as Row[]).map((r) => [
          String(r.meter),
          { value: Number(r.value), stale: r.stale === true },
        ]),
      );
    },

    /**
     * The database's clock, as the database writes it: summaries are compared with `delivered_at`,
     * which it set to the microsecond. Kept as text — a JavaScript Date would cut it to the
     * millisecond, and a row delivered in the same millisecond just before the fetch would then
     * count twice (in the summary and as pending).
     */
    async now(db: Queryable): Promise<string> {
      const { rows } = await db.query(q.now);
      return String((rows[0] as Row).now);
    },

    /** Stores a summary Stripe returned, fetched at `fetchedAt` (the database's time before asking). */
    async saveSummary(
      db: Queryable,
      s: {
        customerId: string;
        meter: string;
        periodStart: number;
        value: number;
        fetchedAt: string;
      },
    ): Promise<void> {
      await db.query(q.saveSummary, [s.customerId, s.meter, s.periodStart, s.value, s.fetchedAt]);
    },
  };
}

/** The outbox statements for one schema. */
export type Outbox = ReturnType<typeof outboxQueries>;
