import type Stripe from 'stripe';

/** What the deliverer needs to know of a Stripe meter. */
export interface MeterInfo {
  id: string;
  formula: string;
}

/** Timing of a {@link meterDirectory}: the defaults suit production; tests pass a clock. */
export interface MeterDirectoryOptions {
  /** How long a list of Stripe's meters is used before it is read again (ms, default ten minutes). */
  refreshMs?: number;
  /**
   * An event name the list does not hold reads it again only when the list is older than this
   * (ms, default 30 s): a meter created in Stripe since is found, and a stream of usage for a
   * name Stripe has no meter for cannot turn into a stream of list calls.
   */
  missMs?: number;
  now?: () => number;
}

/**
 * Active Stripe meters by event name, read from `billing.meters.list` and kept for ten minutes.
 * Lookups that find the list missing or stale at the same moment share one read.
 */
export function meterDirectory(
  stripe: Stripe,
  { refreshMs = 10 * 60_000, missMs = 30_000, now = Date.now }: MeterDirectoryOptions = {},
) {
  let meters: Map<string, MeterInfo> | null = null;
  let readAt = Number.NEGATIVE_INFINITY;
  let reading: Promise<Map<string, MeterInfo>> | null = null;
  const list = async () => {
    const found = new Map<string, MeterInfo>();
    for await (const m of stripe.billing.meters.list({ status: 'active', limit: 100 })) {
      found.set(m.event_name, { id: m.id, formula: m.default_aggregation.formula });
    }
    meters = found;
    readAt = now();
    return found;
  };
  const read = (): Promise<Map<string, MeterInfo>> => {
    reading ??= list().finally(() => {
      reading = null;
    });
    return reading;
  };
  const current = async () => (meters && now() - readAt < refreshMs ? meters : await read());
  return {
    /**
     * Event names of meters that sum values: the only ones whose events may be added together
     * (a `count` meter counts events, a `last` meter keeps the latest value). A meter Stripe has
     * not shown yet is not among them, so its events go out one by one.
     */
    async summing(): Promise<string[]> {
      return [...(await current())].filter(([, m]) => m.formula === 'sum').map(([name]) => name);
    },
    /** The meter of an event name, or undefined when Stripe has no active one. */
    async get(eventName: string): Promise<MeterInfo | undefined> {
      const known = (await current()).get(eventName);
      if (known || now() - readAt < missMs) return known;
      return (await read()).get(eventName);
    },
  };
}

/** The meter directory of one billing instance. */
export type MeterDirectory = ReturnType<typeof meterDirectory>;
