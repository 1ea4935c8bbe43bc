import { migrate } from '../store/migrations';
import { type CliConfig, loadConfig } from './load-config';
import { type CommandOptions, openStore } from './resources';

/** `tollgate migrate`: applies pending migrations; the config file is optional here. */
export async function runMigrate(options: CommandOptions): Promise<number> {
  const config: Partial<CliConfig> =
    options.config || !process.env.DATABASE_URL ? await loadConfig(options.config) : {};
  const { db, close } = await openStore(config);
  try {
    const applied = await migrate(db, options.schema ?? config.schema ?? null);
    console.log(
      applied.length ? `Applied migrations: ${applied.join(', ')}` : 'The store is up to date.',
    );
    return 0;
  } finally {
    await close();
  }
}
