import type { BillingContext } from './context';
import type { LinkConflict } from './store/store';

/** Progress of a reconcile run, reported after each customer. */
export interface ReconcileProgress {
  done: number;
  total: number;
  customerId: string;
  ok: boolean;
}

/** The outcome of {@link reconcile}. */
export interface ReconcileResult {
  synced: number;
  failed: { customerId: string; error: string }[];
  /** Customers found in Stripe (by `metadata.userId`) that the store did not know. */
  discovered: number;
  /** Stored links Stripe's `metadata.userId` disagrees with after this run (the stored link won). */
  linkConflicts: LinkConflict[];
}

/**
 * Re-syncs every known customer, plus every customer in Stripe whose subscriptions carry our
 * metadata (`metadata.userId`) — to repair the store after an outage or a lost webhook.
 */
export async function reconcile(
  ctx: BillingContext,
  options: { concurrency?: number; onProgress?: (progress: ReconcileProgress) => void } = {},
): Promise<ReconcileResult> {
  await ctx.ready();
  const known = new Set(await ctx.store.customerIds());
  const ids = new Set(known);
  for await (const subscription of ctx.stripe.subscriptions.list({
    status: 'all',
    limit: 100,
    expand: ['data.customer'],
  })) {
    const customer = subscription.customer;
    const metadata =
      typeof customer === 'object' && !('deleted' in customer && customer.deleted)
        ? (customer as { metadata?: Record<string, string> }).metadata
        : undefined;
    const id = typeof customer === 'string' ? customer : customer.id;
    if (subscription.metadata?.userId || metadata?.userId) ids.add(id);
  }
  const queue = [...ids];
  const total = queue.length;
  const result: ReconcileResult = {
    synced: 0,
    failed: [],
    discovered: total - known.size,
    linkConflicts: [],
  };
  let done = 0;
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      let ok = true;
      try {
        await ctx.sync(id);
        result.synced++;
      } catch (error) {
        ok = false;
        result.failed.push({
          customerId: id,
          error: error instanceof Error ? error.message : String(error),
        });
      }
      done++;
      options.onProgress?.({ done, total, customerId: id, ok });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  result.linkConflicts = await ctx.store.linkConflicts();
  return result;
}
