import pg from 'pg';
import { startPglite, testPostgresUrl } from '../../../../test/pglite';
import { migrate } from '../../src/store/migrations';
import type { Queryable } from '../../src/store/types';

/** A database under test: PGlite always, real PostgreSQL when TEST_DATABASE_URL is set. */
export interface TestDb {
  name: 'pglite' | 'postgres';
  db: Queryable;
  /** A second connection pool to the same database (PostgreSQL only; PGlite shares one). */
  second: Queryable;
  schema: string;
  close(): Promise<void>;
}

let counter = 0;
const uniqueSchema = (prefix: string) =>
  `t_${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`.toLowerCase();

/** An in-process PGlite with a fresh schema, migrated. One per test file: it starts slowly. */
export async function pglite(prefix: string): Promise<TestDb> {
  const db = await startPglite();
  const schema = uniqueSchema(prefix);
  await migrate(db, schema);
  return { name: 'pglite', db, second: db, schema, close: () => db.close() };
}

/** Real PostgreSQL from TEST_DATABASE_URL with a fresh schema (dropped on close), or null. */
export async function postgres(prefix: string): Promise<TestDb | null> {
  const url = testPostgresUrl();
  if (!url) return null;
  const a = new pg.Pool({ connectionString: url, max: 5 });
  const b = new pg.Pool({ connectionString: url, max: 5 });
  const schema = uniqueSchema(prefix);
  await migrate(a, schema);
  return {
    name: 'postgres',
    db: a,
    second: b,
    schema,
    async close() {
      await a.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await Promise.all([a.end(), b.end()]);
    },
  };
}
