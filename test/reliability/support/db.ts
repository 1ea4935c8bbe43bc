import { migrate, type Queryable } from '@tollgate/server';
import pg from 'pg';
import { startPglite, testPostgresUrl } from '../../pglite';

/** The database the reliability suites share between handler instances. */
export interface ReliabilityDb {
  kind: 'postgres' | 'pglite';
  /** One connection pool per handler instance (PGlite: the same instance twice). */
  pools: [Queryable, Queryable];
  schema: string;
  close(): Promise<void>;
}

let counter = 0;

/** A schema name no other run or file uses. */
export function uniqueSchema(prefix: string): string {
  return `rel_${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`.toLowerCase();
}

/**
 * Real PostgreSQL when `TEST_DATABASE_URL` is set (`.ci/run` sets it), else one PGlite shared by
 * both instances, as on a laptop. A fresh schema per call, dropped on close.
 */
export async function openDatabase(prefix: string): Promise<ReliabilityDb> {
  const url = testPostgresUrl();
  const schema = uniqueSchema(prefix);
  if (url) {
    const a = new pg.Pool({ connectionString: url, max: 8 });
    const b = new pg.Pool({ connectionString: url, max: 8 });
    await migrate(a, schema);
    return {
      kind: 'postgres',
      pools: [a, b],
      schema,
      async close() {
        await a.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await Promise.all([a.end(), b.end()]);
      },
    };
  }
  const db = await startPglite();
  await migrate(db, schema);
  return { kind: 'pglite', pools: [db, db], schema, close: () => db.close() };
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
