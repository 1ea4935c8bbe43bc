import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: 'esm',
  dts: true,
  platform: 'neutral',
  clean: true,
  // One output file per source module, each keeping its own 'use client' directive: components
  // and hooks are client references in a React Server Components app, while createBillingClient
  // and billingQueries stay plain modules a server component can call to prefetch.
  unbundle: true,
  // Peers (react, react-dom, @tanstack/react-query, @stripe/*) and @tollgate/core stay imports.
  copy: [{ from: 'src/styles.css', to: 'dist' }],
});
