import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    node: 'src/node.ts',
    next: 'src/next.ts',
    cli: 'src/cli/index.ts',
    service: 'src/service/index.ts',
  },
  format: 'esm',
  dts: true,
  platform: 'neutral',
  clean: true,
  // SQL lives in src/store/sql/*.sql; the build inlines each file as a string.
  loader: { '.sql': 'text' },
  // The CLI and service entries are Node-only; everything else is runtime-neutral. `tsx` (for .ts configs on
  // Node 20) is the user's own, loaded only when present.
  deps: { neverBundle: [/^node:/, /^tsx(\/|$)/] },
});
