import { cp, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from './app-config';
import { pgliteVersion } from './pglite-version';

/** Initialised, empty PGlite clusters, one per PGlite version; shared by every demo here. */
const CACHE = path.join(REPO_ROOT, 'node_modules/.cache/tollgate-demo-pglite');

const isEmpty = async (dir: string) =>
  (await readdir(dir).catch(() => [] as string[])).length === 0;

/**
 * Fills a new PGlite data folder from a cached empty cluster, because `initdb` inside WASM
 * costs seconds (tens of seconds on a busy machine) while copying ~40 MB does not. The first
 * run on a machine pays `initdb` once to make the template. Existing folders are left alone.
 */
export async function seedPgliteDir(dir: string): Promise<void> {
  if (!(await isEmpty(dir))) return;
  const version = await pgliteVersion();
  if (!version) return; // cannot tell which PGlite made a template: let it run initdb
  const template = path.join(CACHE, version);
  if (!(await stat(path.join(template, 'PG_VERSION')).catch(() => null))) {
    const temp = `${template}.${process.pid}.${Date.now()}.tmp`;
    await mkdir(temp, { recursive: true });
    const { PGlite } = await import('@electric-sql/pglite');
    const pglite = await PGlite.create(temp);
    await pglite.close();
    // Another process may have made the same template meanwhile: either copy is fine.
    await rename(temp, template).catch(() => rm(temp, { recursive: true, force: true }));
  }
  await mkdir(dir, { recursive: true });
  await cp(template, dir, { recursive: true });
}
