import { BillingError } from '@tollgate/core';
import { qualify, queriesFor, statements, type TableNames, tableNames } from './sql';
import tablesSql from './sql/001-tables.sql';
import ignoredEventsSql from './sql/003-ignored-events.sql';
import usageSql from './sql/004-usage.sql';
import usageLimitSql from './sql/005-usage-limit.sql';
import statusNotifySql from './sql/007-status-notify.sql';
import recordOneSql from './sql/010-record-one.sql';
import statusTriggersOffSql from './sql/011-status-triggers.sql';
import recordBatchSql from './sql/012-record-batch.sql';
import recordOneArraysSql from './sql/014-record-one-arrays.sql';
import recordSql from './sql/record.sql';
import statusTriggersSql from './sql/status-triggers.sql';
import type { Queryable } from './types';

/** One versioned migration: statements run in order, each idempotent on its own. */
export interface Migration {
  version: number;
  name: string;
  statements: (t: TableNames) => string[];
}

/** A migration read from its `.sql` files, run in order, names qualified for the schema. */
const fromSql =
  (...files: string[]) =>
  (t: TableNames): string[] =>
    files.flatMap((file) => statements(qualify(file, t)));

/**
 * The schema, as versioned SQL files in `sql/`. Never edit a shipped migration: append a new
 * one with the next version. Versions are never reused: 2 was folded into 1, and 8 and 9 (a split
 * of tollgate_record that measured no cheaper, then its undoing) were dropped, all before release.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'customers, snapshots, event ledger',
    statements: fromSql(tablesSql),
  },
  {
    version: 3,
    name: 'ignored events, link conflicts, isolated batch members',
    statements: fromSql(ignoredEventsSql, recordSql),
  },
  { version: 4, name: 'usage outbox', statements: fromSql(usageSql) },
  { version: 5, name: 'usage under a hard limit, atomically', statements: fromSql(usageLimitSql) },
  {
    version: 6,
    name: 'tollgate_record: the user link read and written only when it can change',
    statements: fromSql(recordSql),
  },
  {
    version: 7,
    name: 'link and snapshot writes announced to status caches',
    statements: fromSql(statusNotifySql),
  },
  {
    version: 10,
    name: 'a lone input recorded without the batch JSON and subtransaction; unfinished events indexed',
    statements: fromSql(recordOneSql, recordSql),
  },
  {
    version: 11,
    name: 'status triggers installed by the first status cache that listens',
    statements: fromSql(statusTriggersOffSql),
  },
  {
    version: 12,
    name: 'tollgate_record_batch: every write before any claim, one lock order',
    statements: fromSql(recordBatchSql, recordSql),
  },
  {
    version: 13,
    name: 'tollgate_record_batch: its members written out again, the user link shared',
    statements: fromSql(recordSql),
  },
  {
    version: 14,
    name: 'tollgate_record_one: its scalars in one array each way',
    statements: fromSql(recordOneArraysSql, recordSql),
  },
];

/**
 * The status-cache triggers, installed by a status cache once it listens (after the migrations):
 * a database no cache listens to pays for no NOTIFY per write (`sql/status-triggers.sql`).
 */
export const statusTriggers = fromSql(statusTriggersSql);

/** Migrations running in this process, per store and schema: concurrent callers share one. */
const running = new WeakMap<Queryable, Map<string | null, Promise<number[]>>>();

/**
 * Applies every migration not yet recorded, in version order. Safe to run from several
 * processes: statements are idempotent, a run that raced another process's on the catalog runs
 * again, and the version row is inserted with ON CONFLICT.
 * Within a process, calls made while one runs on the same store and schema share it (a service
 * migrating at start while its health check asks too). Returns the versions applied by the run;
 * any failure is a `BillingError` `CONFIG_INVALID`.
 */
export function migrate(db: Queryable, schema: string | null = null): Promise<number[]> {
  const bySchema = running.get(db) ?? new Map<string | null, Promise<number[]>>();
  running.set(db, bySchema);
  const current = bySchema.get(schema);
  if (current) return current;
  const run = migrateOnce(db, schema).finally(() => bySchema.delete(schema));
  bySchema.set(schema, run);
  return run;
}

async function migrateOnce(db: Queryable, schema: string | null): Promise<number[]> {
  const t = tableNames(schema);
  try {
    return await applyWithRetries(db, t);
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
  const q = queriesFor(t);
  if (t.schema) await tolerant(db, `CREATE SCHEMA IF NOT EXISTS "${t.schema}"`);
  await tolerant(db, q.createMigrationsTable);
  const { rows } = await db.query(q.appliedMigrations);
  const done = new Set(rows.map((row) => Number((row as { version: number }).version)));
  const applied: number[] = [];
  for (const migration of MIGRATIONS) {
    if (done.has(migration.version)) continue;
    for (const statement of migration.statements(t)) await tolerant(db, statement);
    const result = await db.query(q.markMigration, [migration.version, migration.name]);
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

/**
 * Another process migrating the same schema at the same moment: replacing or dropping a function
 * or trigger another session is replacing fails with an internal error ("tuple concurrently
 * updated", "cache lookup failed for function …": XX000) or a deadlock (40P01), although every
 * statement is correct. Running the migrations again converges: each statement is idempotent.
 */
const RACED = new Set(['XX000', '40P01']);

async function applyWithRetries(db: Queryable, t: TableNames): Promise<number[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await applyMigrations(db, t);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= 5 || typeof code !== 'string' || !RACED.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 50));
    }
  }
}
