import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: { index: 'src/index.ts', fixtures: 'src/fixtures/index.ts' },
  format: 'esm',
  dts: true,
  platform: 'neutral',
  clean: true,
});
