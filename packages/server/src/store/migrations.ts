import { BillingError } from '@tollgate/core';
import { recordFunction } from './record-function';
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
  {
    version: 3,
    name: 'ignored events, link conflicts, isolated batch members',
    statements: (t) => [
      `ALTER TABLE ${t.events} DROP CONSTRAINT IF EXISTS tollgate_events_status_check`,
      `ALTER TABLE ${t.events} ADD CONSTRAINT tollgate_events_status_check
        CHECK (status IN ('processing', 'done', 'failed', 'ignored'))`,
      `ALTER TABLE ${t.customers} ADD COLUMN IF NOT EXISTS link_conflict text`,
      // The function's result gained a column: it is dropped and created again.
      `DROP FUNCTION IF EXISTS ${t.record}(jsonb, float8)`,
      recordFunction(t),
    ],
  },
];

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
