import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BillingConfig } from '../config';

/** What a `tollgate.config.{js,mjs}` module exports (default export or named `config`). */
export type CliConfig = Partial<BillingConfig> & Pick<BillingConfig, 'catalog'>;

const CANDIDATES = ['tollgate.config.mjs', 'tollgate.config.js'];

/**
 * Loads the project's config module: `--config <file>`, else `tollgate.config.mjs|js` in the
 * working directory. TypeScript configs work when the CLI runs under `tsx`.
 */
export async function loadConfig(
  explicit: string | undefined,
  cwd = process.cwd(),
): Promise<CliConfig> {
  const file = explicit
    ? path.resolve(cwd, explicit)
    : CANDIDATES.map((name) => path.join(cwd, name)).find((candidate) => existsSync(candidate));
  if (!file || !existsSync(file)) {
    throw new Error(
      explicit
        ? `Config file ${explicit} not found.`
        : 'No tollgate.config.mjs here — create one exporting { catalog, stripe, store, ... } or pass --config <file>.',
    );
  }
  const module = (await import(pathToFileURL(file).href)) as {
    default?: unknown;
    config?: unknown;
  };
  const config = (module.default ?? module.config) as CliConfig | undefined;
  if (!config || typeof config !== 'object' || !config.catalog) {
    throw new Error(
      `${file} must export (default or "config") an object with at least a catalog from definePlans().`,
    );
  }
  return config;
}
