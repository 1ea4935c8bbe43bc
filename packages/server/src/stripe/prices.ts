import { BillingError, type Catalog, type Interval, type Plan } from '@tollgate/core';
import type Stripe from 'stripe';

/** A catalog price resolved to its live Stripe price. */
export interface ResolvedPrice {
  plan: Plan;
  interval: Interval;
  price: Stripe.Price;
}

/** Live prices of the catalog, resolved by lookup key (or id) and cached. */
export interface PriceResolver {
  /** Every catalog price, resolved. Throws `CONFIG_INVALID` naming any unknown lookup key. */
  all(): Promise<readonly ResolvedPrice[]>;
  /** The live price of a plan for an interval; `UNKNOWN_PLAN` / `UNKNOWN_INTERVAL` when absent. */
  priceFor(planKey: string, interval: Interval): Promise<ResolvedPrice>;
  /** The plan and interval of a Stripe price id, when it is one of the catalog's. */
  byPriceId(priceId: string): Promise<ResolvedPrice | undefined>;
  /** Drops the cache (on `price.*` / `product.*` events). */
  invalidate(): void;
}

const LOOKUP_BATCH = 10;

/** Creates a resolver; the cache lives `ttlMs` (default 10 minutes) or until invalidated. */
export function createPriceResolver(
  stripe: Stripe,
  catalog: Catalog,
  ttlMs = 10 * 60_000,
): PriceResolver {
  let cached: { at: number; value: Promise<readonly ResolvedPrice[]> } | null = null;

  async function load(): Promise<readonly ResolvedPrice[]> {
    const wanted: { plan: Plan; interval: Interval; key: string; byId: boolean }[] = [];
    for (const plan of catalog.plans) {
      for (const [interval, ref] of Object.entries(plan.prices) as [
        Interval,
        NonNullable<Plan['prices'][Interval]>,
      ][]) {
        if ('lookupKey' in ref) wanted.push({ plan, interval, key: ref.lookupKey, byId: false });
        else wanted.push({ plan, interval, key: ref.priceId, byId: true });
      }
    }
    const byLookup = new Map<string, Stripe.Price>();
    const lookupKeys = wanted.filter((w) => !w.byId).map((w) => w.key);
    const batches: string[][] = [];
    for (let i = 0; i < lookupKeys.length; i += LOOKUP_BATCH)
      batches.push(lookupKeys.slice(i, i + LOOKUP_BATCH));
    await Promise.all(
      batches.map(async (keys) => {
        const list = await stripe.prices.list({ lookup_keys: keys, active: true, limit: 100 });
        for (const price of list.data) if (price.lookup_key) byLookup.set(price.lookup_key, price);
      }),
    );
    const byId = new Map<string, Stripe.Price>();
    await Promise.all(
      wanted
        .filter((w) => w.byId)
        .map(async (w) => {
          const price = await stripe.prices.retrieve(w.key);
          byId.set(
            w.key,
            price.billing_scheme === 'tiered'
              ? await stripe.prices.retrieve(w.key, { expand: ['tiers'] })
              : price,
          );
        }),
    );
    // Stripe sends a tiered price's tiers only when asked for them by name.
    await Promise.all(
      [...byLookup.entries()]
        .filter(([, price]) => price.billing_scheme === 'tiered' && !price.tiers)
        .map(async ([key, price]) => {
          byLookup.set(key, await stripe.prices.retrieve(price.id, { expand: ['tiers'] }));
        }),
    );
    const missing = wanted.filter((w) => !(w.byId ? byId : byLookup).has(w.key));
    if (missing.length > 0) {
      const names = missing.map((w) => `"${w.key}" (plan ${w.plan.key}, ${w.interval})`);
      throw new BillingError(
        'CONFIG_INVALID',
        `No active Stripe price for ${names.join(', ')} — run \`tollgate catalog push\` or create prices with these lookup keys.`,
        { details: { missing: missing.map((w) => w.key) } },
      );
    }
    return wanted.map((w) => ({
      plan: w.plan,
      interval: w.interval,
      price: (w.byId ? byId : byLookup).get(w.key)!,
    }));
  }

  const all = (): Promise<readonly ResolvedPrice[]> => {
    if (!cached || Date.now() - cached.at > ttlMs) {
      const value = load();
      const entry = { at: Date.now(), value };
      cached = entry;
      value.catch(() => {
        if (cached === entry) cached = null;
      });
    }
    return cached.value;
  };

  return {
    all,
    async priceFor(planKey, interval) {
      const plan = catalog.get(planKey);
      if (!plan) {
        throw new BillingError(
          'UNKNOWN_PLAN',
          `No plan "${planKey}" in the catalog — use one of: ${catalog.plans.map((p) => p.key).join(', ')}.`,
        );
      }
      if (!plan.prices[interval]) {
        throw new BillingError(
          plan.free ? 'INVALID_REQUEST' : 'UNKNOWN_INTERVAL',
          plan.free
            ? `Plan "${planKey}" is free — there is nothing to pay for.`
            : `Plan "${planKey}" has no ${interval}ly price — use one of: ${Object.keys(plan.prices).join(', ')}.`,
        );
      }
      const found = (await all()).find((r) => r.plan.key === planKey && r.interval === interval);
      return found!;
    },
    async byPriceId(priceId) {
      return (await all()).find((r) => r.price.id === priceId);
    },
    invalidate() {
      cached = null;
    },
  };
}
