import type Stripe from 'stripe';

/** What the deliverer needs to know of a Stripe meter. */
export interface MeterInfo {
  id: string;
  formula: string;
}

const REFRESH_MS = 10 * 60_000;

/**
 * Active Stripe meters by event name, read from `billing.meters.list` and kept for ten minutes
 * (or until a meter not seen before is asked for).
 */
export function meterDirectory(stripe: Stripe) {
  let meters: Map<string, MeterInfo> | null = null;
  let readAt = 0;
  const read = async () => {
    const found = new Map<string, MeterInfo>();
    for await (const m of stripe.billing.meters.list({ status: 'active', limit: 100 })) {
      found.set(m.event_name, { id: m.id, formula: m.default_aggregation.formula });
    }
    meters = found;
    readAt = Date.now();
    return found;
  };
  const current = async () => (meters && Date.now() - readAt < REFRESH_MS ? meters : await read());
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
      const known = await current();
      return known.get(eventName) ?? (await read()).get(eventName);
    },
  };
}

/** The meter directory of one billing instance. */
export type MeterDirectory = ReturnType<typeof meterDirectory>;
