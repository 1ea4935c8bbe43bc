import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Catalog } from '@tollgate/core';
import { BillingError } from '@tollgate/core';
import type { BillingConfig } from '../config';

/** What a `tollgate.config.*` module exports (default export or named `config`). */
export type CliConfig = Partial<BillingConfig> & Pick<BillingConfig, 'catalog'>;

const CANDIDATES = ['tollgate.config.mjs', 'tollgate.config.js', 'tollgate.config.ts'];

/** The config file in `cwd`, if there is one. */
export function findConfig(cwd = process.cwd()): string | undefined {
  return CANDIDATES.map((name) => path.join(cwd, name)).find((candidate) => existsSync(candidate));
}

const isCatalog = (value: unknown): value is Catalog =>
  typeof value === 'object' && value !== null && Array.isArray((value as Catalog).plans);

/**
 * Imports a config module. TypeScript files load natively where the runtime strips types (Bun,
 * Deno, Node 22.18+), else through `tsx` when it is installed.
 */
async function importModule(file: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href;
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (!/\.[mc]?ts$/.test(file) || code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
  }
  const tsx = await import('tsx/esm/api').catch(() => null);
  if (!tsx) {
    throw new BillingError(
      'CONFIG_INVALID',
      `${path.basename(file)} is TypeScript: this Node cannot load it — install tsx (npm i -D tsx) or use Node 22.18+.`,
    );
  }
  return (await tsx.tsImport(url, import.meta.url)) as Record<string, unknown>;
}

/**
 * Loads the project's config: `--config <file>`, else `tollgate.config.{mjs,js,ts}` in the
 * working directory. The module exports the config (default or `config`) — or just the plans
 * (default or `plans`, the result of `definePlans`), which is all `catalog push` needs.
 */
export async function loadConfig(
  explicit: string | undefined,
  cwd = process.cwd(),
): Promise<CliConfig> {
  const file = explicit ? path.resolve(cwd, explicit) : findConfig(cwd);
  if (!file || !existsSync(file)) {
    throw new BillingError(
      'CONFIG_INVALID',
      explicit
        ? `Config file ${explicit} not found.`
        : 'No tollgate.config.{mjs,js,ts} here — create one exporting { catalog, stripe, store, ... } or pass --config <file>.',
    );
  }
  const module = await importModule(file);
  const exported = module.default ?? module.config ?? module.plans;
  if (isCatalog(exported)) return { catalog: exported };
  const config = exported as CliConfig | undefined;
  if (!config || typeof config !== 'object' || !isCatalog(config.catalog)) {
    throw new BillingError(
      'CONFIG_INVALID',
      `${file} must export (default or "config") an object with a catalog from definePlans(), or the plans themselves (default or "plans").`,
    );
  }
  return config;
}
