import type { Server } from 'node:http';
import { type Connect, createServer, type ViteDevServer } from 'vite';
import { viteConfig } from './app-config';

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
 * Serves the React app through Vite in middleware mode, with hot reload: for working on the
 * demo itself (`TOLLGATE_DEMO_APP=dev`). Every page load fetches each module separately.
 */
export async function createAppMiddleware(
  options: AppMiddlewareOptions,
): Promise<{ middleware: Connect.Server; close(): Promise<void> }> {
  const vite: ViteDevServer = await createServer({
    ...viteConfig(),
    appType: 'spa',
    cacheDir: options.cacheDir,
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
