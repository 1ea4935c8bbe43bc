import { BillingError } from '@tollgate/core';
import type { BillingContext } from '../context';
import { nowSeconds } from '../context';
import type { Queryable } from '../store/types';
import { hardLimitFor, limitReached } from './report';
import type { UsageRuntime } from './runtime';

/** Options of {@link recordUsage}. */
export interface RecordUsageOptions {
  /**
   * Unique per usage (your request or job id, 1–100 characters): recording it again records
   * nothing, and it becomes the Stripe meter event's identifier when sent on its own.
   */
  idempotencyKey: string;
  /** When the usage happened (Date or unix seconds). Default now; Stripe takes the past 35 days. */
  timestamp?: Date | number;
  /**
   * Your transaction's query function (e.g. a `pg` client inside BEGIN … COMMIT), so the usage
   * commits — or rolls back — with your own write.
   */
  query?: Queryable['query'];
}

/** What {@link recordUsage} did: `recorded`, or `duplicate` (this key was recorded before). */
export interface UsageRecord {
  outcome: 'recorded' | 'duplicate';
  identifier: string;
}

const DAY = 86_400;

function check(value: number, meter: string, key: string, at: number, now: number): void {
  if (!Number.isSafeInteger(value)) {
    throw new BillingError(
      'INVALID_REQUEST',
      `Usage value must be a whole number (Stripe meters take whole numbers only), got ${value}.`,
    );
  }
  if (typeof meter !== 'string' || meter.length === 0 || meter.length > 100) {
    throw new BillingError(
      'INVALID_REQUEST',
      "Pass the meter's event name (1–100 characters), e.g. 'api_calls'.",
    );
  }
  if (typeof key !== 'string' || key.length === 0 || key.length > 100) {
    throw new BillingError(
      'INVALID_REQUEST',
      'Pass an idempotency key of 1–100 characters (e.g. your request id).',
    );
  }
  if (!Number.isFinite(at) || at < now - 35 * DAY || at > now + 300) {
    throw new BillingError(
      'INVALID_REQUEST',
      'Usage timestamp must be within the past 35 days and at most 5 minutes ahead (Stripe refuses other meter events).',
    );
  }
}

/**
 * Records usage in the outbox and returns at once; the deliverer sends it to Stripe. Inside your
 * own transaction when you pass its `query`.
 */
export async function recordUsage(
  ctx: BillingContext,
  runtime: UsageRuntime,
  userId: string,
  meter: string,
  value: number,
  options: RecordUsageOptions,
): Promise<UsageRecord> {
  const now = nowSeconds(ctx);
  const { timestamp } = options;
  const at =
    timestamp === undefined
      ? now
      : Math.floor(timestamp instanceof Date ? timestamp.getTime() / 1000 : timestamp);
  check(value, meter, options.idempotencyKey, at, now);
  await ctx.ready();
  // Inside the caller's transaction every statement goes through it (PGlite has one connection).
  const db: Queryable = options.query ? { query: options.query } : ctx.config.store;
  const billing = await runtime.outbox.userBilling(db, userId);
  const customerId = billing.customerId;
  if (!customerId) {
    throw new BillingError(
      'NO_SUBSCRIPTION',
      `User ${userId} has no Stripe customer — they must subscribe before usage is billed.`,
    );
  }
  const limit = await hardLimitFor(ctx, runtime, db, billing, meter);
  // A `last` meter's usage is its latest value: only a value past the included amount passes it.
  if (limit?.last && value > limit.included) throw limitReached(meter, limit, value);
  const row = {
    identifier: options.idempotencyKey,
    userId,
    customerId,
    meter,
    value,
    timestamp: at,
  };
  const stored = await runtime.outbox.insert(db, row, limit?.last ? null : limit);
  if (stored !== 'recorded' && 'used' in stored) throw limitReached(meter, limit!, stored.used);
  if (stored !== 'recorded') {
    if (stored.userId !== userId || stored.meter !== meter || stored.value !== value) {
      throw new BillingError(
        'INVALID_REQUEST',
        `Idempotency key "${row.identifier}" was already used for other usage (${stored.meter} = ${stored.value} for user ${stored.userId}) — use a new key for new usage.`,
      );
    }
    return { outcome: 'duplicate', identifier: row.identifier };
  }
  runtime.kick();
  return { outcome: 'recorded', identifier: row.identifier };
}
