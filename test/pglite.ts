import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
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
export async function startPglite(): Promise<PGlite> {
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
