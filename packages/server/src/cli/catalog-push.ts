import { pushCatalog } from '../stripe/push-catalog';
import { loadConfig } from './load-config';
import { type CommandOptions, cliStore, cliStripe } from './resources';

/**
 * `tollgate catalog push`: one line per product, price and meter; exit 1 if any price could not
 * be created or a meter's formula conflicts with Stripe's.
 */
export async function runCatalogPush(options: CommandOptions): Promise<number> {
  const config = await loadConfig(options.config);
  try {
    const steps = await pushCatalog(cliStripe(config), config.catalog, (step) => {
      const name = step.meter ? `meter ${step.meter}` : step.plan;
      const what = step.interval ? `${name} (${step.interval})` : name;
      console.log(`${step.action.padEnd(9)} ${what}: ${step.detail}`);
    });
    return steps.some((step) => step.action === 'missing' || step.action === 'conflict') ? 1 : 0;
  } finally {
    // A store the config opened (PGlite, a pool) would keep the process alive.
    if (config.store && typeof config.store === 'object') await cliStore(config).close();
  }
}
