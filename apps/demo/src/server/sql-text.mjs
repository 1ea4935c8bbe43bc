/**
 * `tsx --import ./src/server/sql-text.mjs`: `.sql` imports are the file's text, as the server
 * package's build (tsdown's text loader) and the Vitest config make them. `pnpm demo` runs the
 * workspace packages from source, where `@tollgate/server` imports its SQL files.
 */
import { register } from 'node:module';

const hooks = `
import { readFile } from 'node:fs/promises';
export async function load(url, context, next) {
  if (!url.endsWith('.sql')) return next(url, context);
  const text = await readFile(new URL(url), 'utf8');
  return { format: 'module', shortCircuit: true, source: 'export default ' + JSON.stringify(text) };
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
