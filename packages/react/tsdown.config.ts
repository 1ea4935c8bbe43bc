import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: 'esm',
  dts: true,
  platform: 'neutral',
  clean: true,
  // One output module per source module (one per component): with `sideEffects` limited to the
  // CSS, an app's bundler drops every component the app does not import.
  unbundle: true,
  // The components use hooks and state: one client boundary for React Server Component apps.
  banner: { js: "'use client';" },
  // Peers (react, react-dom, @tanstack/react-query, @stripe/*) and @tollgate/core stay imports.
  copy: [{ from: 'src/styles.css', to: 'dist' }],
});
