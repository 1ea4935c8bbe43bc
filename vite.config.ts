import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { chromiumLaunchOptions } from './test/chromium';

const root = path.dirname(fileURLToPath(import.meta.url));

/** Workspace packages resolve to their source: no build step before testing. */
export const workspaceAlias = [
  {
    find: /^@tollgate\/(core|server|react|stripe-emulator)$/,
    replacement: `${root}/packages/$1/src/index.ts`,
  },
  {
    find: /^@tollgate\/(core|server|react|stripe-emulator)\/(.+)$/,
    replacement: `${root}/packages/$1/src/$2`,
  },
];

/** `.sql` imports are the file's text, as the server package's build (tsdown's text loader) makes them. */
export const sqlText = {
  name: 'tollgate-sql-text',
  transform(code: string, id: string) {
    return id.endsWith('.sql')
      ? { code: `export default ${JSON.stringify(code)};`, map: null }
      : null;
  },
};

const node = (name: string, include: string[], extra: Record<string, unknown> = {}) => ({
  extends: true as const,
  test: { name, environment: 'node' as const, include, ...extra },
});

export default defineConfig({
  plugins: [react(), sqlText],
  resolve: { alias: workspaceAlias },
  test: {
    passWithNoTests: true,
    projects: [
      node('core', ['packages/core/src/**/*.test.ts']),
      node('stripe-emulator', [
        'packages/stripe-emulator/src/**/*.test.ts',
        'packages/stripe-emulator/test/**/*.test.ts',
      ]),
      node('server', ['packages/server/src/**/*.test.ts', 'packages/server/test/**/*.test.ts'], {
        setupFiles: ['packages/server/test/setup/openapi-responses.ts'],
      }),
      {
        extends: true,
        test: {
          name: 'react',
          environment: 'jsdom',
          include: ['packages/react/src/**/*.test.tsx', 'packages/react/src/**/*.test.ts'],
          setupFiles: ['packages/react/test/setup.ts'],
        },
      },
      node('examples', ['apps/examples/**/*.test.ts']),
      node('demo', ['apps/demo/**/*.test.ts']),
      node('reliability', ['test/reliability/**/*.test.ts'], { testTimeout: 120_000 }),
      node('e2e', ['test/e2e/**/*.test.ts'], { testTimeout: 120_000, fileParallelism: false }),
      node('budgets', ['test/budgets/**/*.test.ts'], { testTimeout: 60_000 }),
      // The packed packages in fresh npm installs and real runtimes: `pnpm test:consumers`.
      ...(process.env.TOLLGATE_CONSUMERS
        ? [
            node('consumers', ['test/consumers/**/*.test.ts'], {
              globalSetup: ['test/consumers/setup.ts'],
              testTimeout: 240_000,
              hookTimeout: 240_000,
              fileParallelism: false,
            }),
          ]
        : []),
      {
        extends: true,
        plugins: [storybookTest({ configDir: path.join(root, '.storybook') })],
        test: {
          name: 'storybook',
          testTimeout: 30_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: chromiumLaunchOptions }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
