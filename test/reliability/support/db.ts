import type { Queryable } from '@tollgate/server';
import { testDatabase } from '../../database';

/** The database the reliability suites share between handler instances. */
export interface ReliabilityDb {
  kind: 'postgres' | 'pglite';
  /** One connection pool per handler instance (PGlite: the same instance twice). */
  pools: [Queryable, Queryable];
  schema: string;
  close(): Promise<void>;
}

/**
 * PostgreSQL when `TEST_DATABASE_URL` is set (`.ci/run` sets it), else one PGlite shared by both
 * instances, as on a laptop (`testDatabase`). A fresh schema per call, dropped on close.
 */
export async function openDatabase(prefix: string): Promise<ReliabilityDb> {
  const t = await testDatabase(`rel_${prefix}`);
  return { kind: t.name, pools: [t.db, t.second], schema: t.schema, close: t.close };
}

/** Every row of Tollgate's tables, as one comparable string (for "nothing changed" checks). */
export async function dumpStore(db: Queryable, schema: string): Promise<string> {
  const tables = ['tollgate_customers', 'tollgate_snapshots', 'tollgate_events'];
  const parts: string[] = [];
  for (const table of tables) {
    const { rows } = await db.query(`SELECT to_jsonb(t) AS row FROM "${schema}".${table} t`);
    const lines = rows.map((r) => JSON.stringify((r as { row: unknown }).row)).sort();
    parts.push(`${table}:${lines.join('\n')}`);
  }
  return parts.join('\n--\n');
}
