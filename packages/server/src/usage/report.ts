import {
  BillingError,
  type MeterUsage,
  meterCharge,
  meterState,
  type PlanMeter,
  type UsageResponse,
} from '@tollgate/core';
import { type BillingContext, statusOf } from '../context';
import type { UserBilling } from '../store/store';
import type { Queryable } from '../store/types';
import { toMeterPrice } from './meter-prices';
import type { HardLimit } from './outbox';
import type { UsageRuntime } from './runtime';
import { ensureSummaries, type Period, periodOf } from './summaries';

/** Delivered (Stripe's cached summary) and pending (the outbox) of one meter, by its formula. */
async function figures(
  runtime: UsageRuntime,
  db: Queryable,
  customerId: string,
  period: Period,
  meters: string[],
): Promise<Map<string, { delivered: number; pending: number; used: number }>> {
  const summaries = await ensureSummaries(
    { ...runtime.summaryDeps, db },
    customerId,
    period,
    meters,
  );
  const unsummarised = await runtime.outbox.unsummarised(db, customerId, period.start, period.end);
  const out = new Map<string, { delivered: number; pending: number; used: number }>();
  for (const meter of meters) {
    const delivered = summaries.get(meter) ?? 0;
    const rows = unsummarised.get(meter);
    const formula = (await runtime.meters.get(meter))?.formula ?? 'sum';
    const pending = !rows
      ? 0
      : formula === 'count'
        ? rows.count
        : formula === 'last'
          ? 0
          : rows.sum;
    const used = formula === 'last' ? (rows?.last ?? delivered) : delivered + pending;
    out.set(meter, { delivered, pending, used });
  }
  return out;
}

/** The caller's plan meters and billing period, from what is stored. */
function planOf(ctx: BillingContext, db: Queryable, billing: UserBilling) {
  const status = statusOf(ctx, billing);
  const plan = ctx.config.catalog.get(status.plan);
  const sub = status.access === 'none' ? null : billing.snapshot?.subscription;
  const period = sub ? periodOf(sub.currentPeriodStart, sub.currentPeriodEnd) : null;
  return {
    customerId: billing.customerId,
    meters: (plan?.meters ?? {}) as Record<string, PlanMeter>,
    period,
    iso: sub ? { start: sub.currentPeriodStart, end: sub.currentPeriodEnd } : null,
    db,
  };
}

/** `GET /usage`'s body: each meter of the caller's plan this period. */
export async function usageReport(
  ctx: BillingContext,
  runtime: UsageRuntime,
  userId: string,
): Promise<UsageResponse> {
  const p = planOf(ctx, ctx.config.store, await ctx.store.readUser(userId));
  const names = Object.keys(p.meters);
  const counts =
    p.customerId && p.period
      ? await figures(runtime, p.db, p.customerId, p.period, names)
      : new Map<string, { delivered: number; pending: number; used: number }>();
  const meters = await Promise.all(
    names.map(async (name): Promise<MeterUsage> => {
      const rule = p.meters[name]!;
      const { delivered, pending, used } = counts.get(name) ?? {
        delivered: 0,
        pending: 0,
        used: 0,
      };
      const stripePrice = rule.price ? await ctx.prices.meterPrice(rule.price) : null;
      const price = stripePrice ? toMeterPrice(stripePrice) : null;
      return {
        meter: name,
        label: rule.label,
        used,
        delivered,
        pending,
        included: rule.included,
        limit: rule.limit,
        overage: rule.included < 0 ? 0 : Math.max(0, used - rule.included),
        price,
        estimatedCharge: price ? meterCharge(price, used) : null,
        state: meterState(used, rule.included, rule.limit),
      };
    }),
  );
  return { period: p.iso, meters };
}

/**
 * The hard limit a record must respect, or null: for a hard-limited meter of the user's plan, the
 * period, the included amount and how Stripe aggregates the meter. For `sum` and `count` meters
 * Stripe's summary is made sure of (cached, so the database can count what the period holds);
 * the outbox's own rows are counted by the insert itself, which applies core's `meterAllows`
 * rule atomically in SQL — the rule `withinLimit` and `FeatureGate` apply in the browser. A
 * `last` meter's usage is its latest value, so only the value itself is checked (`last`).
 */
export async function hardLimitFor(
  ctx: BillingContext,
  runtime: UsageRuntime,
  db: Queryable,
  billing: UserBilling,
  meter: string,
): Promise<(HardLimit & { label: string; last: boolean }) | null> {
  const p = planOf(ctx, db, billing);
  const rule = p.meters[meter];
  if (rule?.limit !== 'hard' || rule.included < 0 || !p.customerId || !p.period) return null;
  const formula = (await runtime.meters.get(meter))?.formula ?? 'sum';
  if (formula !== 'last') {
    await ensureSummaries({ ...runtime.summaryDeps, db }, p.customerId, p.period, [meter]);
  }
  return {
    ...p.period,
    included: rule.included,
    counts: formula === 'count',
    last: formula === 'last',
    label: rule.label,
  };
}

/**
 * `USAGE_LIMIT_REACHED`: what the plan includes, what is used (for a `last` meter: the value
 * reported), what to do.
 */
export function limitReached(
  meter: string,
  limit: { label: string; included: number; last: boolean },
  used: number,
) {
  const stands = limit.last
    ? `allows up to ${limit.included} and ${used} was reported`
    : `includes ${limit.included} per period and ${used} are used`;
  return new BillingError(
    'USAGE_LIMIT_REACHED',
    `${limit.label}: this plan ${stands} — upgrade the plan to use more.`,
    { details: { meter, included: limit.included, used } },
  );
}
