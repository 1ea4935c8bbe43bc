import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { migrate, type Queryable } from '@tollgate/server';
import pg from 'pg';
import { pgliteVersion } from '../apps/demo/src/server/pglite-version';

/**
 * Where the gzipped, freshly initialised PGlite data dir is kept, made by the first test file
 * that needs one; per PGlite version, so an upgrade never loads an older cluster.
 */
async function dumpPath(): Promise<string> {
  const version = (await pgliteVersion()) ?? 'unknown';
  return path.join(os.tmpdir(), `tollgate-test-pglite-${version}-${process.getuid?.() ?? 0}.tgz`);
}

/**
 * An in-memory PGlite for a test file. `initdb` is the slow part of PGlite's start (seconds,
 * far more on a loaded machine), so the first file dumps a fresh data dir to the temp dir and
 * later files (and later runs) load it.
 */
async function startPglite(): Promise<PGlite> {
  const dump = await dumpPath();
  if (fs.existsSync(dump)) {
    try {
      const db = new PGlite({ loadDataDir: new Blob([fs.readFileSync(dump)]) });
      await db.waitReady;
      return db;
    } catch {
      fs.rmSync(dump, { force: true });
    }
  }
  const db = new PGlite();
  await db.waitReady;
  const blob = await db.dumpDataDir('gzip');
  const temp = `${dump}.${process.pid}.${Date.now()}`;
  fs.writeFileSync(temp, Buffer.from(await blob.arrayBuffer()));
  fs.renameSync(temp, dump);
  return db;
}

/**
 * The PostgreSQL server the tests also run against, from `TEST_DATABASE_URL` (`.ci/run` sets
 * it); null without it, and then every test uses PGlite alone, as on a laptop.
 */
export function testPostgresUrl(): string | null {
  return process.env.TEST_DATABASE_URL || null;
}

/** A database under test, in a fresh schema with Tollgate's migrations applied. */
export interface TestDb {
  name: 'pglite' | 'postgres';
  db: Queryable;
  /** A second connection pool to the same database (PGlite: the same instance again). */
  second: Queryable;
  schema: string;
  /** Drops the schema (PostgreSQL) and closes the connections. */
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

/** Real PostgreSQL at `TEST_DATABASE_URL` with a fresh schema (dropped on close), or null. */
export async function postgres(prefix: string): Promise<TestDb | null> {
  const url = testPostgresUrl();
  if (!url) return null;
  const a = new pg.Pool({ connectionString: url, max: 8 });
  const b = new pg.Pool({ connectionString: url, max: 8 });
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

/** PostgreSQL when `TEST_DATABASE_URL` is set, else PGlite. */
export async function testDatabase(prefix: string): Promise<TestDb> {
  return (await postgres(prefix)) ?? (await pglite(prefix));
}
