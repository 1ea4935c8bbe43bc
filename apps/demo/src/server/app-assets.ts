import type { Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { type Connect, createServer, type ViteDevServer } from 'vite';

/** apps/demo, the Vite root (holds index.html). */
export const DEMO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const REPO_ROOT = path.resolve(DEMO_ROOT, '../..');

/** The browser side of the workspace packages resolves to source, as in tests. */
const workspaceAlias = [
  {
    find: /^@tollgate\/(core|react)$/,
    replacement: `${REPO_ROOT}/packages/$1/src/index.ts`,
  },
  {
    find: /^@tollgate\/(core|react)\/(.+)$/,
    replacement: `${REPO_ROOT}/packages/$1/src/$2`,
  },
];

/** Options of {@link createAppMiddleware}. */
export interface AppMiddlewareOptions {
  /** The Node server the app is mounted in (hot reload rides on its upgrade requests). */
  server: Server;
  /** Vite's dependency cache; kept per data folder so parallel demos do not fight over it. */
  cacheDir: string;
  /** Watch the sources and hot-reload the page (off in tests). */
  watch: boolean;
}

/**
 * Serves the React app through Vite in middleware mode: no build step, no env vars, and the
 * first page is ready about a second after start (dependencies are pre-bundled up front).
 */
export async function createAppMiddleware(
  options: AppMiddlewareOptions,
): Promise<{ middleware: Connect.Server; close(): Promise<void> }> {
  const vite: ViteDevServer = await createServer({
    root: DEMO_ROOT,
    configFile: false,
    envDir: false,
    logLevel: 'warn',
    appType: 'spa',
    cacheDir: options.cacheDir,
    plugins: [react()],
    resolve: { alias: workspaceAlias },
    server: {
      middlewareMode: true,
      hmr: options.watch ? { server: options.server } : false,
      watch: options.watch ? { ignored: ['**/.tollgate/**', '**/node_modules/**'] } : null,
    },
    optimizeDeps: {
      // Listed up front so the first visit never triggers a re-optimise-and-reload.
      entries: ['index.html'],
      include: [
        'react',
        'react/jsx-runtime',
        'react/jsx-dev-runtime',
        'react-dom',
        'react-dom/client',
        '@tanstack/react-query',
        'zod/mini',
      ],
    },
  });
  return { middleware: vite.middlewares, close: () => vite.close() };
}
