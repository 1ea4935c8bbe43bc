import { BillingError } from '@tollgate/core';
import type { BillingContext } from './context';

/** What {@link checkHealth} found: `ok`, or every problem with a message that says what to fix. */
export type HealthReport =
  | { status: 'ok'; prices: number }
  | { status: 'error'; problems: { code: string; message: string }[] };

/**
 * Checks what a deploy needs before traffic arrives: the store answers (and is migrated when
 * `migrate` is on) and every catalog price resolves in Stripe — an unknown lookup key is
 * reported by name. Call it at start-up or from a health endpoint; it never throws.
 *
 * @example
 * const report = await billing.health();
 * if (report.status === 'error') throw new Error(report.problems.map((p) => p.message).join('\n'));
 */
export async function checkHealth(ctx: BillingContext): Promise<HealthReport> {
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
  return problems.length > 0
    ? { status: 'error', problems }
    : { status: 'ok', prices: resolved.length };
}
