import { BillingError, type BillingSnapshot } from '@tollgate/core';
import { batched, lanesFor } from './batch';
import { type QueryName, queriesFor, type TableNames, tableNames } from './sql';
import type { CustomerRow, LedgerEntry, LedgerStatus, Queryable } from './types';

type Row = Record<string, unknown>;

const str = (value: unknown): string | null => (value == null ? null : String(value));
const num = (value: unknown): number => Number(value ?? 0);

/** One snapshot write: what a sync read, and the stored version it expects to replace. */
export interface SnapshotWrite {
  customerId: string;
  snapshot: BillingSnapshot;
  /** The version stored before the Stripe read began (0: none stored). */
  expected: number;
  /** `metadata.userId` of the Stripe customer, when set. */
  userId: string | null;
}

/** One ledger row to claim: inserted as `done`, or as `processing` when hooks still have to run. */
export interface LedgerClaim {
  id: string;
  type: string;
  customerId: string | null;
  /** `ignored`: an event about a customer Tollgate does not manage, acknowledged and kept. */
  status: 'done' | 'processing' | 'ignored';
}

/** A sync write and/or ledger claims, recorded together in one statement. */
export interface RecordInput {
  write?: SnapshotWrite;
  events: LedgerClaim[];
}

/** `written`/`unchanged`: stored; `conflict`: another writer stored a newer version first. */
export type WriteOutcome = 'written' | 'unchanged' | 'conflict';

/**
 * `claimed`: this attempt owns the event; `done`/`processing`: another attempt finished or is
 * running it; `skipped`: not recorded because its snapshot write conflicted.
 */
export type ClaimOutcome = 'claimed' | 'done' | 'processing' | 'ignored' | 'skipped';

/** What {@link Store.record} did. */
export interface RecordOutput {
  /**
   * The write's outcome and the version stored now; `note` names a link conflict (the stored
   * link was kept).
   */
  write?: { outcome: WriteOutcome; version: number; note?: string | null };
  events: { outcome: ClaimOutcome; attempts: number }[];
}

/** A Stripe customer whose `metadata.userId` disagrees with the stored link (which won). */
export interface LinkConflict {
  userId: string;
  customerId: string | null;
  /** The other party: Stripe's user for this customer, or the other customer naming this user. */
  conflictsWith: string;
}

/** How long a `processing` claim blocks others before it counts as crashed. */
export const STALE_CLAIM_SECONDS = 120;

/** The customer link and snapshot of one user, read in one query for `/status`. */
export interface UserBilling {
  customerId: string | null;
  hasHadTrial: boolean;
  snapshot: BillingSnapshot | null;
}

/**
 * Every query Tollgate runs. Each method is exactly one statement, so each is one round trip
 * and atomic on its own; nothing relies on a session. `readUser` and `record` group concurrent
 * calls into one statement, with up to two such statements in flight on a pool (`lanesFor`).
 */
export interface Store {
  readonly tables: TableNames;
  /** The user's customer link, snapshot and trial flag (one query, shared by concurrent calls). */
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
   * Records a snapshot write and ledger claims in one statement (see `tollgate_record` in the
   * migrations). Concurrent calls share one statement and one commit.
   */
  record(input: RecordInput): Promise<RecordOutput>;
  /** The stored snapshot version of a customer (0 when none is stored). */
  snapshotVersion(customerId: string): Promise<number>;
  /** Marks a claimed event done or failed (with the error message). */
  finishEvent(
    id: string,
    status: Exclude<LedgerStatus, 'processing'>,
    error?: string,
  ): Promise<void>;
  /** One ledger row, or null. */
  event(id: string): Promise<LedgerEntry | null>;
  /** Stored links Stripe's metadata disagrees with (see `tollgate_record`), at most 100. */
  linkConflicts(): Promise<LinkConflict[]>;
}

/**
 * Builds the store over any {@link Queryable}. Tables live in `schema` when given (tests use one
 * schema per file), else wherever `search_path` points.
 */
export function createStore(db: Queryable, schema: string | null = null): Store {
  const t = tableNames(schema);
  const q = queriesFor(t);
  const one = async (name: QueryName, params: unknown[]): Promise<Row | null> => {
    const { rows } = await db.query(q[name], params);
    return (rows[0] as Row | undefined) ?? null;
  };

  const lanes = lanesFor(db);
  const recordBatched = batched((inputs: RecordInput[]) => recordAll(db, q, inputs), {
    lanes,
  });

  return {
    tables: t,
    readUser: batched(
      async (userIds) => {
        const { rows } = await db.query(q.readUsers, [[...new Set(userIds)]]);
        const byUser = new Map((rows as Row[]).map((row) => [String(row.user_id), row]));
        return userIds.map((userId): UserBilling => {
          return userBillingOf(byUser.get(userId));
        });
      },
      { lanes },
    ),
    async customerForUser(userId) {
      const row = await one('customerForUser', [userId]);
      return row
        ? {
            userId: String(row.user_id),
            customerId: str(row.customer_id),
            hasHadTrial: row.has_had_trial === true,
          }
        : null;
    },
    async userForCustomer(customerId) {
      const row = await one('userForCustomer', [customerId]);
      return row ? String(row.user_id) : null;
    },
    async linkCustomer(userId, customerId, email) {
      const row = await one('linkCustomer', [userId, customerId, email]);
      return String(row?.customer_id ?? customerId);
    },
    async customerIds() {
      const { rows } = await db.query(q.customerIds);
      return rows.map((row) => String((row as Row).customer_id));
    },
    async snapshot(customerId) {
      const row = await one('snapshot', [customerId]);
      return parseSnapshot(row?.snapshot);
    },
    async finishEvent(id, status, error) {
      await db.query(q.finishEvent, [id, status, error ?? null]);
    },
    async event(id) {
      const row = await one('event', [id]);
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
    record: async (input) => {
      const output = await recordBatched(input);
      if (output.error !== undefined) {
        throw new BillingError(
          'INTERNAL_ERROR',
          `The store refused this record (${output.error}) — other events recorded with it were not affected.`,
        );
      }
      return output;
    },
    async linkConflicts() {
      const { rows } = await db.query(q.linkConflicts);
      return (rows as Row[]).map((row) => ({
        userId: String(row.user_id),
        customerId: str(row.customer_id),
        conflictsWith: String(row.link_conflict),
      }));
    },
    async snapshotVersion(customerId) {
      const row = await one('snapshotVersion', [customerId]);
      return num(row?.version);
    },
  };
}

/** A user's link and snapshot as a `readUsers`-shaped row gives them (no row: a new user). */
export function userBillingOf(row: Row | undefined): UserBilling {
  if (!row) return { customerId: null, hasHadTrial: false, snapshot: null };
  return {
    customerId: str(row.customer_id),
    hasHadTrial: row.has_had_trial === true,
    snapshot: parseSnapshot(row.snapshot),
  };
}

function parseSnapshot(value: unknown): BillingSnapshot | null {
  if (value == null) return null;
  return (typeof value === 'string' ? JSON.parse(value) : value) as BillingSnapshot;
}

/**
 * Records the inputs of one batch in one statement: a lone input with at most one event through
 * `tollgate_record_one` (a failure is its caller's alone); otherwise through
 * `tollgate_record_batch`: snapshot writes sorted by customer, then ledger claims sorted by id
 * (one lock order for every batch), each in its own subtransaction; its rows map back to each
 * input.
 */
async function recordAll(
  db: Queryable,
  q: Record<QueryName, string>,
  inputs: RecordInput[],
): Promise<(RecordOutput & { error?: string })[]> {
  if (inputs.length === 1 && inputs[0]!.events.length <= 1)
    return [await recordOne(db, q, inputs[0]!)];
  const writes = inputs
    .flatMap((input, at) => (input.write ? [{ at, write: input.write }] : []))
    .sort((a, b) => compare(a.write.customerId, b.write.customerId));
  const itemOf = new Map(writes.map((w, i) => [w.at, i + 1]));
  const events = inputs
    .flatMap((input, at) => input.events.map((event, n) => ({ at, n, event })))
    .sort((a, b) => compare(a.event.id, b.event.id));
  const batch = {
    writes: writes.map(({ write }, i) => ({
      n: i + 1,
      customer: write.customerId,
      snapshot: write.snapshot,
      expected: write.expected,
      user: write.userId,
      trial: write.snapshot.hasHadTrial,
    })),
    events: events.map(({ at, event }, i) => ({
      n: i + 1,
      id: event.id,
      type: event.type,
      customer: event.customerId,
      status: event.status,
      item: itemOf.get(at) ?? null,
    })),
  };
  const { rows } = await db.query(q.recordBatch, [JSON.stringify(batch), STALE_CLAIM_SECONDS]);
  const outputs: (RecordOutput & { error?: string })[] = inputs.map((input) => ({
    events: input.events.map(() => ({ outcome: 'skipped' as ClaimOutcome, attempts: 0 })),
  }));
  for (const row of rows as Row[]) {
    const index = Number(row.idx) - 1;
    const at = row.kind === 'sync' ? writes[index]!.at : events[index]!.at;
    if (row.outcome === 'error') {
      // This member alone failed (its subtransaction was rolled back); its caller gets the error.
      outputs[at]!.error ??= str(row.note) ?? 'unknown error';
    } else if (row.kind === 'sync') {
      outputs[at]!.write = writeOf(row.outcome, row);
    } else {
      outputs[at]!.events[events[index]!.n] = {
        outcome: row.outcome as ClaimOutcome,
        attempts: num(row.attempts),
      };
    }
  }
  return outputs;
}

/** One input with at most one event, as `tollgate_record_one` takes and answers it. */
async function recordOne(db: Queryable, q: Record<QueryName, string>, input: RecordInput) {
  const { write } = input;
  const event = input.events[0];
  const { rows } = await db.query(q.recordOne, [
    [
      write?.customerId ?? null,
      write ? String(write.expected) : null,
      write?.userId ?? null,
      String(write?.snapshot.hasHadTrial ?? false),
      event?.id ?? null,
      event?.type ?? null,
      event?.customerId ?? null,
      event?.status ?? null,
      String(STALE_CLAIM_SECONDS),
    ],
    write ? JSON.stringify(write.snapshot) : null,
  ]);
  const outcome = (rows[0] as Row).outcome as (string | null)[];
  const [writeOutcome, version, claimOutcome, attempts, note] = outcome;
  const output: RecordOutput = { events: [] };
  if (write) output.write = writeOf(writeOutcome, { version, note });
  if (event) output.events.push({ outcome: claimOutcome as ClaimOutcome, attempts: num(attempts) });
  return output;
}

/** A write's outcome as a record function's row gives it (`version`, and `note` when set). */
function writeOf(outcome: unknown, row: Row): NonNullable<RecordOutput['write']> {
  return {
    outcome: outcome as WriteOutcome,
    version: num(row.version),
    ...(row.note == null ? {} : { note: String(row.note) }),
  };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
