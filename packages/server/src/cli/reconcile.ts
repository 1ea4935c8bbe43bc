import { createBilling } from '../create-billing';
import { loadConfig } from './load-config';
import { type CommandOptions, cliStore, stripeInput } from './resources';

/** `tollgate reconcile`: re-syncs every customer, printing progress; exit 1 if any failed. */
export async function runReconcile(options: CommandOptions): Promise<number> {
  const config = await loadConfig(options.config);
  const { db, close } = cliStore(config);
  try {
    const billing = createBilling({
      webhookSecret: 'whsec_unused_by_reconcile',
      appUrl: 'http://localhost',
      getUser: () => null,
      ...config,
      stripe: stripeInput(config),
      store: db,
      ...(options.schema ? { schema: options.schema } : {}),
    });
    const result = await billing.reconcile({
      onProgress: ({ done, total, customerId, ok }) => {
        process.stdout.write(`[${done}/${total}] ${customerId} ${ok ? 'ok' : 'FAILED'}\n`);
      },
    });
    console.log(
      `Synced ${result.synced} customer(s), ${result.discovered} newly discovered, ${result.failed.length} failed.`,
    );
    for (const failure of result.failed) console.error(`  ${failure.customerId}: ${failure.error}`);
    for (const conflict of result.linkConflicts) {
      console.warn(
        `  link conflict: user ${conflict.userId} keeps customer ${conflict.customerId ?? '(none)'}; Stripe says ${conflict.conflictsWith}`,
      );
    }
    return result.failed.length ? 1 : 0;
  } finally {
    await close();
  }
}
