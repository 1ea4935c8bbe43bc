import { createBilling } from '../create-billing';
import { loadConfig } from './load-config';
import { type CommandOptions, cliStore, stripeInput } from './resources';

/**
 * `tollgate usage flush [--watch]`: delivers the usage outbox to Stripe. Once (for a cron job;
 * what waits out a backoff is left for the next run), or as a worker with `--watch` until
 * SIGINT/SIGTERM. Any number of them may run beside the app's own deliverers: they share the
 * work through SKIP LOCKED. Exit 1 when Stripe refused a meter event for good.
 */
export async function runUsageFlush(
  options: CommandOptions & { watch?: boolean; intervalMs?: number },
): Promise<number> {
  const config = await loadConfig(options.config);
  const { db, close } = cliStore(config);
  let stopping = false;
  const stop = () => {
    stopping = true;
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const billing = createBilling({
      webhookSecret: 'whsec_unused_by_usage_flush',
      appUrl: 'http://localhost',
      getUser: () => null,
      ...config,
      usage: { ...config.usage, deliver: 'external' },
      stripe: stripeInput(config),
      store: db,
      ...(options.schema ? { schema: options.schema } : {}),
    });
    let refused = 0;
    do {
      const round = await billing.usage.flush();
      refused += round.refused;
      if (round.sealed + round.delivered + round.duplicates + round.retried + round.refused > 0) {
        console.log(
          `Sealed ${round.sealed} row(s); delivered ${round.delivered} meter event(s), ${round.duplicates} already in Stripe, ${round.retried} to retry, ${round.refused} refused.`,
        );
      }
      if (options.watch && !stopping) {
        await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 1000));
      }
    } while (options.watch && !stopping);
    const health = await billing.health();
    if (health.usage) {
      console.log(
        `Outbox: ${health.usage.pending} pending${health.usage.oldestPendingAt ? ` (oldest recorded ${health.usage.oldestPendingAt})` : ''}, ${health.usage.refused} refused.`,
      );
    }
    for (const r of refused ? await billing.usage.refused(refused) : []) {
      console.error(
        `  refused ${r.identifier} (${r.meter} = ${r.value}, ${r.customerId}): ${r.error}`,
      );
    }
    return refused > 0 ? 1 : 0;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await close();
  }
}
