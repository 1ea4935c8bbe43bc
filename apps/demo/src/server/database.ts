import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Queryable } from './demo-store';
import { seedPgliteDir } from './pglite-template';

/** An open database: Tollgate's store and the demo's tables share it. */
export interface Database {
  db: Queryable;
  /** What to print: the folder or the server, never a password. */
  describe: string;
  close(): Promise<void>;
}

/**
 * Opens embedded PGlite in `dataDir/pglite` (created on first run, reused after: state survives
 * restarts), or PostgreSQL at `url`.
 */
export async function openDatabase(
  target: 'pglite' | { url: string },
  dataDir: string,
): Promise<Database> {
  if (target === 'pglite') {
    const dir = path.join(dataDir, 'pglite');
    await mkdir(dir, { recursive: true });
    await seedPgliteDir(dir);
    const { PGlite } = await import('@electric-sql/pglite');
    const pglite = await PGlite.create(dir);
    return { db: pglite, describe: `PGlite in ${dir}`, close: () => pglite.close() };
  }
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: target.url, max: 5 });
  await pool.query('select 1');
  const where = new URL(target.url);
  return {
    db: pool,
    describe: `PostgreSQL at ${where.hostname}:${where.port || 5432}${where.pathname}`,
    close: () => pool.end(),
  };
}
