import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
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

const DUMP = path.join(os.tmpdir(), `tollgate-server-pglite-${process.getuid?.() ?? 0}.tgz`);

/**
 * A PGlite instance. initdb is the slow part of PGlite's start (seconds, far more on a loaded
 * machine), so the first file dumps a fresh data dir to the temp dir and later files load it.
 */
async function startPglite(): Promise<PGlite> {
  if (fs.existsSync(DUMP)) {
    try {
      const db = new PGlite({ loadDataDir: new Blob([fs.readFileSync(DUMP)]) });
      await db.waitReady;
      return db;
    } catch {
      fs.rmSync(DUMP, { force: true });
    }
  }
  const db = new PGlite();
  await db.waitReady;
  const blob = await db.dumpDataDir('gzip');
  const temp = `${DUMP}.${process.pid}.${Date.now()}`;
  fs.writeFileSync(temp, Buffer.from(await blob.arrayBuffer()));
  fs.renameSync(temp, DUMP);
  return db;
}

/** An in-process PGlite with a fresh schema, migrated. One per test file: it starts slowly. */
export async function pglite(prefix: string): Promise<TestDb> {
  const db = await startPglite();
  const schema = uniqueSchema(prefix);
  await migrate(db, schema);
  return { name: 'pglite', db, second: db, schema, close: () => db.close() };
}

/** Real PostgreSQL from TEST_DATABASE_URL with a fresh schema (dropped on close), or null. */
export async function postgres(prefix: string): Promise<TestDb | null> {
  const url = process.env.TEST_DATABASE_URL;
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
