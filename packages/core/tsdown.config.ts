import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: { index: 'src/index.ts', fixtures: 'src/fixtures/index.ts' },
  format: 'esm',
  dts: true,
  platform: 'neutral',
  clean: true,
  // One output file per source module: with `sideEffects: false`, an app's bundler drops every
  // module it does not import (formatMoney alone does not pull in the zod schemas).
  unbundle: true,
});
