import type Stripe from 'stripe';
import type { Store } from '../store/store';
import type { Queryable } from '../store/types';
import type { MeterDirectory } from './meters';
import type { Outbox } from './outbox';

/** A billing period in unix seconds, widened to whole minutes as Stripe's summaries require. */
export interface Period {
  start: number;
  end: number;
}

/** The customer's current billing period from the stored snapshot, or null without a subscription. */
export async function currentPeriod(store: Store, customerId: string): Promise<Period | null> {
  const sub = (await store.snapshot(customerId))?.subscription;
  if (!sub) return null;
  return periodOf(sub.currentPeriodStart, sub.currentPeriodEnd);
}

/** Stripe's summaries take minute-aligned bounds: the period widened to whole minutes. */
export function periodOf(startIso: string, endIso: string): Period {
  const start = Math.floor(Date.parse(startIso) / 1000 / 60) * 60;
  const end = Math.ceil(Date.parse(endIso) / 1000 / 60) * 60;
  return { start, end };
}

/** What reading and caching summaries needs. */
export interface SummaryDeps {
  stripe: Stripe;
  db: Queryable;
  store: Store;
  outbox: Outbox;
  meters: MeterDirectory;
  /**
   * How long Stripe may take to aggregate a meter event into its summaries (they are eventually
   * consistent): a summary fetched within this long of a delivery is read again once it passed.
   */
  settleSeconds: number;
}

/**
 * Reads Stripe's meter event summary of the current period for one customer and meter and caches
 * it, stamped with the database time taken before asking (rows delivered later count on top).
 */
export async function refreshSummary(
  deps: SummaryDeps,
  customerId: string,
  meter: string,
  period: Period,
): Promise<void> {
  const info = await deps.meters.get(meter);
  if (!info) return;
  const fetchedAt = await deps.outbox.now(deps.db);
  const list = await deps.stripe.billing.meters.listEventSummaries(info.id, {
    customer: customerId,
    start_time: period.start,
    end_time: period.end,
  });
  const value = list.data.reduce((sum, s) => sum + s.aggregated_value, 0);
  await deps.outbox.saveSummary(deps.db, {
    customerId,
    meter,
    periodStart: period.start,
    value,
    fetchedAt,
  });
}

/**
 * The cached summaries of a customer's period for `meters`, asking Stripe for any meter not
 * cached yet (the first look at this period; deliveries refresh it afterwards) or whose cached
 * summary was fetched too soon after a delivery for Stripe to have aggregated it (`stale`).
 */
export async function ensureSummaries(
  deps: SummaryDeps,
  customerId: string,
  period: Period,
  meters: string[],
): Promise<Map<string, number>> {
  const read = () => deps.outbox.summaries(deps.db, customerId, period.start, deps.settleSeconds);
  let summaries = await read();
  const due = meters.filter((m) => !summaries.has(m) || summaries.get(m)!.stale);
  if (due.length > 0) {
    await Promise.all(due.map((m) => refreshSummary(deps, customerId, m, period)));
    summaries = await read();
  }
  return new Map([...summaries].map(([meter, s]) => [meter, s.value]));
}

/** Refreshes the cached summary of every customer and meter in `delivered`. */
export async function refreshSummaries(
  deps: SummaryDeps,
  delivered: { customerId: string; meter: string }[],
): Promise<void> {
  const pairs = new Map(delivered.map((b) => [`${b.customerId}|${b.meter}`, b]));
  for (const { customerId, meter } of pairs.values()) {
    const period = await currentPeriod(deps.store, customerId);
    if (period) await refreshSummary(deps, customerId, meter, period);
  }
}
