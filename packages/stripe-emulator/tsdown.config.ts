import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli.ts' },
  format: 'esm',
  dts: true,
  platform: 'node',
  clean: true,
  fixedExtension: false,
  // `stripe` is an optional peer, loaded only by createStripeClient.
  deps: { neverBundle: ['stripe', /^node:/] },
});
