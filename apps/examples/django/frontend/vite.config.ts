/**
 * Builds the billing page's script and styles into the Django app's static files:
 * `pnpm example:django:assets` → shop/static/shop/billing.{js,css}.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const packages = path.join(here, '../../../../packages');

export default defineConfig({
  plugins: [react()],
  // The workspace's packages from source, as the repo's own tests use them.
  resolve: {
    alias: [
      { find: /^@tollgate\/(core|react)$/, replacement: `${packages}/$1/src/index.ts` },
      { find: /^@tollgate\/(core|react)\/(.+)$/, replacement: `${packages}/$1/src/$2` },
    ],
  },
  logLevel: 'warn',
  build: {
    outDir: path.join(here, '../shop/static/shop'),
    emptyOutDir: true,
    reportCompressedSize: false,
    minify: true,
    lib: {
      entry: path.join(here, 'main.tsx'),
      formats: ['es'],
      fileName: () => 'billing.js',
      cssFileName: 'billing',
    },
  },
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
});
