import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import type { InlineConfig } from 'vite';

/** apps/demo, the Vite root (holds index.html). */
export const DEMO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The repository root. */
export const REPO_ROOT = path.resolve(DEMO_ROOT, '../..');

/** The Vite config shared by the dev middleware and the bundle build. */
export function viteConfig(): InlineConfig {
  return {
    root: DEMO_ROOT,
    configFile: false,
    envDir: false,
    logLevel: 'warn',
    plugins: [react()],
    resolve: {
      // The browser side of the workspace packages resolves to source, as in tests.
      alias: [
        { find: /^@tollgate\/(core|react)$/, replacement: `${REPO_ROOT}/packages/$1/src/index.ts` },
        { find: /^@tollgate\/(core|react)\/(.+)$/, replacement: `${REPO_ROOT}/packages/$1/src/$2` },
      ],
    },
  };
}
