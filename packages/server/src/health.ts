import { BillingError } from '@tollgate/core';
import type { BillingContext } from './context';
import type { StatusCacheStats } from './status-cache';
import type { Outbox, OutboxStats } from './usage/outbox';

/** What {@link checkHealth} found: `ok`, or every problem with a message that says what to fix. */
export type HealthReport =
  | { status: 'ok'; prices: number; usage: OutboxStats; statusCache?: StatusCacheStats }
  | {
      status: 'error';
      problems: { code: string; message: string }[];
      usage?: OutboxStats;
      statusCache?: StatusCacheStats;
    };

/**
 * Checks what a deploy needs before traffic arrives: the store answers (and is migrated when
 * `migrate` is on) and every catalog price resolves in Stripe — an unknown lookup key or price id is
 * reported by name — and no stored user link disagrees with Stripe's `metadata.userId`
 * (`LINK_CONFLICT`: the stored link wins until someone makes them agree). `usage` is the outbox:
 * rows not yet delivered to Stripe, when the oldest was recorded (back-pressure: alert when it
 * grows old) and rows Stripe refused for good (`billing.usage.refused()` lists the reasons).
 * `statusCache` (when on): whether its listener hears the store's writes (`down`: every read goes
 * to the store) and how many users it keeps.
 * Call it at start-up or from a health endpoint; it never throws.
 *
 * @example
 * const report = await billing.health();
 * if (report.status === 'error') throw new Error(report.problems.map((p) => p.message).join('\n'));
 */
export async function checkHealth(ctx: BillingContext, outbox: Outbox): Promise<HealthReport> {
  const problems: { code: string; message: string }[] = [];
  const describe = (error: unknown, fallback: string) =>
    error instanceof BillingError
      ? { code: error.code, message: error.message }
      : { code: 'INTERNAL_ERROR', message: `${fallback}: ${(error as Error)?.message ?? error}` };

  const store = ctx.ready().then(
    () => ctx.config.store.query('SELECT 1', []),
    (error) => problems.push(describe(error, 'Migrations failed')),
  );
  const prices = ctx.prices.all().catch((error) => {
    problems.push(describe(error, 'Stripe prices could not be read'));
    return [];
  });
  await store.catch((error) =>
    problems.push(describe(error, 'The store did not answer — check DATABASE_URL')),
  );
  const resolved = await prices;
  if (problems.length === 0) {
    const conflicts = await ctx.store.linkConflicts().catch(() => []);
    for (const conflict of conflicts) {
      problems.push({
        code: 'LINK_CONFLICT',
        message: `User ${conflict.userId} is linked to customer ${conflict.customerId ?? '(none)'}, but Stripe says ${conflict.conflictsWith} — the stored link is kept; fix metadata.userId in Stripe (or the link in tollgate_customers) so they agree.`,
      });
    }
  }
  const usage = await outbox.stats(ctx.config.store).catch(() => undefined);
  const cache = ctx.statusCache ? { statusCache: ctx.statusCache.stats() } : {};
  if (problems.length > 0 || !usage)
    return { status: 'error', problems, ...(usage ? { usage } : {}), ...cache };
  return { status: 'ok', prices: resolved.length, usage, ...cache };
}
