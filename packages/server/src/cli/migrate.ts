import { migrate } from '../store/migrations';
import { DEFAULT_PGLITE_DIR } from '../store/open';
import { type CliConfig, findConfig, loadConfig } from './load-config';
import { type CommandOptions, cliStore } from './resources';

/**
 * `tollgate migrate`: applies pending migrations to the config's store, else DATABASE_URL, else
 * the embedded PGlite the server opens by default. The config file is optional here.
 */
export async function runMigrate(options: CommandOptions): Promise<number> {
  const config: Partial<CliConfig> =
    options.config || findConfig() ? await loadConfig(options.config) : {};
  const store = cliStore(config);
  try {
    const applied = await migrate(store.db, options.schema ?? config.schema ?? null);
    const where = store.kind === 'pglite' ? ` (embedded PGlite in ./${DEFAULT_PGLITE_DIR})` : '';
    console.log(
      applied.length
        ? `Applied migrations: ${applied.join(', ')}${where}`
        : `The store is up to date${where}.`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
