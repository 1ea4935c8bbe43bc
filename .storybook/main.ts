import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/react-vite';

const dirname = path.dirname(fileURLToPath(import.meta.url));

/**
 * Storybook for @tollgate/react. Stories live beside the components; data comes from core's
 * contract fixtures through MSW (`.storybook/msw`), and every story also runs as a Vitest browser
 * test (project `storybook` in the root vite.config.ts, which this config's Vite build extends).
 */
const config: StorybookConfig = {
  stories: ['../packages/react/src/**/*.stories.tsx'],
  addons: [
    '@storybook/addon-docs',
    '@storybook/addon-a11y',
    '@storybook/addon-vitest',
    'msw-storybook-addon',
  ],
  framework: {
    name: '@storybook/react-vite',
    options: { builder: { viteConfigPath: path.join(dirname, '..', 'vite.config.ts') } },
  },
  staticDirs: [path.join(dirname, 'public')],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
};

export default config;
