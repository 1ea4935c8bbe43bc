import { BillingError } from '@tollgate/core';
import type { Queryable } from './types';

/** One versioned migration: statements run in order, each idempotent on its own. */
export interface Migration {
  version: number;
  name: string;
  statements: (t: TableNames) => string[];
}

/** Fully qualified table names for one schema. */
export interface TableNames {
  schema: string | null;
  customers: string;
  snapshots: string;
  events: string;
  migrations: string;
  /** The function that records syncs and ledger rows in one statement (migration 2). */
  record: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Table names inside `schema` (or unqualified, following `search_path`, when null). */
export function tableNames(schema: string | null = null): TableNames {
  if (schema !== null && !IDENTIFIER.test(schema)) {
    throw new BillingError(
      'CONFIG_INVALID',
      `store schema "${schema}" is not a plain Postgres identifier — use lower-case letters, digits and "_" (e.g. "billing").`,
    );
  }
  const q = (name: string) => (schema ? `"${schema}".${name}` : name);
  return {
    schema,
    customers: q('tollgate_customers'),
    snapshots: q('tollgate_snapshots'),
    events: q('tollgate_events'),
    migrations: q('tollgate_migrations'),
    record: q('tollgate_record'),
  };
}

/** The schema, as versioned SQL. Never edit a shipped migration: append a new one. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'customers, snapshots, event ledger',
    statements: (t) => [
      `CREATE TABLE IF NOT EXISTS ${t.customers} (
        user_id text PRIMARY KEY,
        customer_id text UNIQUE,
        email text,
        has_had_trial boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE TABLE IF NOT EXISTS ${t.snapshots} (
        customer_id text PRIMARY KEY,
        snapshot jsonb,
        requested bigint NOT NULL DEFAULT 0,
        completed bigint NOT NULL DEFAULT 0,
        lease_owner text,
        lease_until timestamptz,
        synced_at timestamptz
      )`,
      `CREATE TABLE IF NOT EXISTS ${t.events} (
        id text PRIMARY KEY,
        type text NOT NULL,
        customer_id text,
        status text NOT NULL CHECK (status IN ('processing', 'done', 'failed')),
        attempts integer NOT NULL DEFAULT 1,
        received_at timestamptz NOT NULL DEFAULT now(),
        claimed_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        error text
      )`,
      `CREATE INDEX IF NOT EXISTS tollgate_events_status_idx ON ${t.events} (status, claimed_at)`,
    ],
  },
  {
    version: 2,
    name: 'snapshot versions, one-statement record function',
    statements: (t) => [
      `ALTER TABLE ${t.snapshots} ADD COLUMN IF NOT EXISTS version bigint NOT NULL DEFAULT 0`,
      `ALTER TABLE ${t.snapshots} DROP COLUMN IF EXISTS requested`,
      `ALTER TABLE ${t.snapshots} DROP COLUMN IF EXISTS completed`,
      `ALTER TABLE ${t.snapshots} DROP COLUMN IF EXISTS lease_owner`,
      `ALTER TABLE ${t.snapshots} DROP COLUMN IF EXISTS lease_until`,
      recordFunction(t),
    ],
  },
];

/**
 * `tollgate_record(batch jsonb)`: everything one batch of webhook events and syncs writes, as
 * one statement (one round trip, one commit). The batch is one JSON parameter — cheaper to send
 * than a dozen arrays — and PL/pgSQL caches its plans per connection.
 *
 * `batch.writes[]` ({n, customer, snapshot, expected, user, trial}; `n` numbers them from 1), sorted by customer so
 * concurrent batches lock rows in one order: the read snapshot lands only if the stored version
 * still equals `expected`, the version seen before the Stripe read began (compare-and-set: an
 * older read never lands over a newer one). `unchanged` when it equals what is stored (ignoring
 * `syncedAt`), `conflict` when another writer got there first. The user link and trial flag are
 * written with it.
 * `batch.events[]` ({n, id, type, customer, status, item}), sorted by id: `claimed` (inserted, or
 * taken over when failed or stale), else the status another attempt left; `skipped` when the
 * write it came with (`item`, 1-based) conflicted, so an event is never marked done over a
 * snapshot that was not written.
 */
function recordFunction(t: TableNames): string {
  return `CREATE OR REPLACE FUNCTION ${t.record}(p_batch jsonb, p_stale_seconds float8)
    RETURNS TABLE (kind text, idx int, outcome text, version bigint, attempts int)
    LANGUAGE plpgsql AS $fn$
    DECLARE
      w record;
      e record;
      outcomes text[] := '{}';
      current_version bigint;
      current_snapshot jsonb;
      claimed_attempts int;
    BEGIN
      FOR w IN SELECT * FROM jsonb_to_recordset(p_batch->'writes')
          AS x(n int, customer text, snapshot jsonb, expected bigint, "user" text, trial boolean) LOOP
        outcome := NULL;
        UPDATE ${t.snapshots} s SET snapshot = w.snapshot, version = s.version + 1, synced_at = now()
          WHERE s.customer_id = w.customer AND s.version = w.expected
            AND (s.snapshot - 'syncedAt') IS DISTINCT FROM (w.snapshot - 'syncedAt')
          RETURNING s.version INTO current_version;
        IF FOUND THEN
          outcome := 'written';
        ELSE
          SELECT s.version, s.snapshot INTO current_version, current_snapshot
            FROM ${t.snapshots} s WHERE s.customer_id = w.customer;
          IF FOUND THEN
            outcome := CASE WHEN (current_snapshot - 'syncedAt') = (w.snapshot - 'syncedAt')
                            THEN 'unchanged' ELSE 'conflict' END;
          ELSIF w.expected = 0 THEN
            INSERT INTO ${t.snapshots} (customer_id, snapshot, version, synced_at)
              VALUES (w.customer, w.snapshot, 1, now()) ON CONFLICT (customer_id) DO NOTHING;
            IF FOUND THEN
              current_version := 1;
              outcome := 'written';
            ELSE
              SELECT s.version INTO current_version FROM ${t.snapshots} s WHERE s.customer_id = w.customer;
              outcome := 'conflict';
            END IF;
          ELSE
            current_version := 0;
            outcome := 'conflict';
          END IF;
        END IF;
        IF outcome <> 'conflict' THEN
          IF w."user" IS NOT NULL THEN
            PERFORM 1 FROM ${t.customers} c WHERE c.user_id = w."user"
              AND c.customer_id IS NOT NULL AND (c.has_had_trial OR NOT w.trial);
            IF NOT FOUND THEN
              INSERT INTO ${t.customers} AS c (user_id, customer_id, has_had_trial)
                VALUES (w."user", w.customer, w.trial)
                ON CONFLICT (user_id) DO UPDATE SET
                  customer_id = COALESCE(c.customer_id, EXCLUDED.customer_id),
                  has_had_trial = c.has_had_trial OR EXCLUDED.has_had_trial,
                  updated_at = now();
            END IF;
          ELSIF w.trial THEN
            UPDATE ${t.customers} c SET has_had_trial = true, updated_at = now()
              WHERE c.customer_id = w.customer AND NOT c.has_had_trial;
          END IF;
        END IF;
        outcomes[w.n] := outcome;
        kind := 'sync'; idx := w.n; version := current_version; attempts := NULL;
        RETURN NEXT;
      END LOOP;
      FOR e IN SELECT * FROM jsonb_to_recordset(p_batch->'events')
          AS x(n int, id text, type text, customer text, status text, item int) LOOP
        kind := 'event'; idx := e.n; version := NULL; attempts := NULL;
        IF e.item IS NOT NULL AND outcomes[e.item] = 'conflict' THEN
          outcome := 'skipped';
          RETURN NEXT;
          CONTINUE;
        END IF;
        INSERT INTO ${t.events} AS l (id, type, customer_id, status, finished_at)
          VALUES (e.id, e.type, e.customer, e.status, CASE WHEN e.status = 'done' THEN now() END)
          ON CONFLICT (id) DO UPDATE SET
            status = EXCLUDED.status, attempts = l.attempts + 1, claimed_at = now(),
            finished_at = EXCLUDED.finished_at, error = NULL
          WHERE l.status = 'failed'
             OR (l.status = 'processing' AND l.claimed_at < now() - make_interval(secs => p_stale_seconds))
          RETURNING l.attempts INTO claimed_attempts;
        IF FOUND THEN
          outcome := 'claimed';
          attempts := claimed_attempts;
        ELSE
          SELECT l.status INTO outcome FROM ${t.events} l WHERE l.id = e.id;
        END IF;
        RETURN NEXT;
      END LOOP;
    END
    $fn$`;
}

/**
 * Applies every migration not yet recorded, in version order. Safe to run from several
 * processes: statements are idempotent and the version row is inserted with ON CONFLICT.
 * Returns the versions applied by this call; any failure is a `BillingError` `CONFIG_INVALID`.
 */
export async function migrate(db: Queryable, schema: string | null = null): Promise<number[]> {
  const t = tableNames(schema);
  try {
    return await applyMigrations(db, t);
  } catch (error) {
    if (error instanceof BillingError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new BillingError(
      'CONFIG_INVALID',
      `Tollgate migrations failed (${reason}) — check that the store is reachable and that its database user may create tables${schema ? ` in schema "${schema}"` : ''}.`,
      { cause: error },
    );
  }
}

async function applyMigrations(db: Queryable, t: TableNames): Promise<number[]> {
  const schema = t.schema;
  if (schema) await tolerant(db, `CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await tolerant(
    db,
    `CREATE TABLE IF NOT EXISTS ${t.migrations} (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`,
  );
  const { rows } = await db.query(`SELECT version FROM ${t.migrations}`);
  const done = new Set(rows.map((row) => Number((row as { version: number }).version)));
  const applied: number[] = [];
  for (const migration of MIGRATIONS) {
    if (done.has(migration.version)) continue;
    for (const statement of migration.statements(t)) await tolerant(db, statement);
    const result = await db.query(
      `INSERT INTO ${t.migrations} (version, name) VALUES ($1, $2)
       ON CONFLICT (version) DO NOTHING RETURNING version`,
      [migration.version, migration.name],
    );
    if (result.rows.length > 0) applied.push(migration.version);
  }
  return applied;
}

/** Postgres codes for "already exists", raised when two processes race on `IF NOT EXISTS`. */
const ALREADY_EXISTS = new Set(['23505', '42P06', '42P07', '42710']);

async function tolerant(db: Queryable, statement: string): Promise<void> {
  try {
    await db.query(statement);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && ALREADY_EXISTS.has(code)) return;
    throw error;
  }
}
