import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The installed PGlite's package.json (not in the package's `exports`), from the repository root. */
const PACKAGE_JSON = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../node_modules/@electric-sql/pglite/package.json',
);

/** The installed PGlite's version, or null when it cannot be read; caches of clusters key on it. */
export async function pgliteVersion(): Promise<string | null> {
  const json = await readFile(PACKAGE_JSON, 'utf8').catch(() => null);
  const version = json ? (JSON.parse(json) as { version?: unknown }).version : null;
  return typeof version === 'string' && /^[\w.-]+$/.test(version) ? version : null;
}
