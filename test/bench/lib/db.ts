import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { seedPgliteDir } from '../../../apps/demo/src/server/pglite-template';

/** The query surface Tollgate's store accepts: `pg.Pool`, PGlite, Neon… */
export interface Queryable {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** A database opened for one benchmark run, on its own, dropped afterwards. */
export interface BenchDatabase {
  name: 'PGlite' | 'PostgreSQL';
  db: Queryable;
  /** How many clients can run statements at once (PGlite: 1). */
  connections: number;
  /** Where other processes reach it (PostgreSQL only). */
  url?: string;
  version: string;
  close(): Promise<void>;
}

/** The PostgreSQL server the benchmarks use. */
export const POSTGRES_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * An embedded PGlite on a temp data dir (durable writes, like a real deployment), seeded from
 * the demo's cached empty cluster so only the first run on a machine pays for initdb.
 */
export async function openPglite(): Promise<BenchDatabase> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tollgate-bench-pglite-'));
  await seedPgliteDir(dir);
  const db = await PGlite.create(dir);
  const { rows } = await db.query<{ v: string }>("select current_setting('server_version') as v");
  return {
    name: 'PGlite',
    db,
    connections: 1,
    version: rows[0]!.v,
    close: async () => {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

let shared: Promise<BenchDatabase> | undefined;

/**
 * One PGlite for the whole run: its start-up (WASM compile + initdb) costs seconds, tens of
 * seconds on a loaded machine. Benchmarks sharing it use distinct ids; {@link closeShared} ends it.
 */
export function sharedPglite(): Promise<BenchDatabase> {
  shared ??= openPglite();
  return shared;
}

/** Closes the shared PGlite if one was opened. */
export async function closeShared(): Promise<void> {
  if (!shared) return;
  const database = await shared.catch(() => undefined);
  shared = undefined;
  await database?.close();
}

/**
 * A fresh database on the PostgreSQL server (so the run never meets tables of concurrent test
 * runs), pooled to `connections`, dropped on close.
 */
export async function openPostgres(connections = 16): Promise<BenchDatabase> {
  const name = `tollgate_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: connections });
  // The forced drop on close terminates connections the pool is still letting go of.
  pool.on('error', () => {});
  const { rows } = await pool.query<{ v: string }>("select current_setting('server_version') as v");
  return {
    name: 'PostgreSQL',
    db: pool,
    connections,
    url: url.toString(),
    version: rows[0]!.v,
    close: async () => {
      await pool.end();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** Whether the PostgreSQL server answers; the reason when it does not. */
export async function postgresReachable(): Promise<true | string> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (error) {
    return `PostgreSQL at ${POSTGRES_URL.replace(/:[^:@/]*@/, ':***@')} is unreachable (${(error as Error).message}); set TEST_DATABASE_URL`;
  } finally {
    await client.end().catch(() => {});
  }
}

let sequence = 0;

/**
 * Runs `op` from `concurrency` workers for `ms` and returns operations per second.
 * `op(n)` receives a process-unique sequence number.
 */
export async function opsPerSecond(
  concurrency: number,
  ms: number,
  op: (n: number) => Promise<unknown>,
): Promise<number> {
  let done = 0;
  const start = performance.now();
  const deadline = start + ms;
  const worker = async () => {
    while (performance.now() < deadline) {
      await op(sequence++);
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return done / ((performance.now() - start) / 1000);
}
