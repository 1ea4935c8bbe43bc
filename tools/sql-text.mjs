/**
 * `node --import ./tools/sql-text.mjs` (after `--import tsx`): lets Node run the server's source
 * by loading `.sql` imports as their text, as the package build (tsdown) and Vite do.
 */
import { register } from 'node:module';

register('./sql-text-hooks.mjs', import.meta.url);
