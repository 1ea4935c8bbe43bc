import {
  BillingError,
  type Catalog,
  type Interval,
  type Plan,
  type PriceRef,
} from '@tollgate/core';
import type Stripe from 'stripe';

/** A catalog price resolved to its live Stripe price. */
export interface ResolvedPrice {
  plan: Plan;
  interval: Interval;
  price: Stripe.Price;
}

/** Live prices of the catalog, resolved by lookup key (or id) and cached. */
export interface PriceResolver {
  /** Every catalog price, resolved. Throws `CONFIG_INVALID` naming any unknown lookup key or id. */
  all(): Promise<readonly ResolvedPrice[]>;
  /** The live price of a plan for an interval; `UNKNOWN_PLAN` / `UNKNOWN_INTERVAL` when absent. */
  priceFor(planKey: string, interval: Interval): Promise<ResolvedPrice>;
  /** The plan and interval of a Stripe price id, when it is one of the catalog's. */
  byPriceId(priceId: string): Promise<ResolvedPrice | undefined>;
  /**
   * The live metered price a plan meter names (tiers included), or null when Stripe has no
   * active one. Read with the plans' prices, in the same cache.
   */
  meterPrice(ref: PriceRef): Promise<Stripe.Price | null>;
  /** Drops the cache (on `price.*` / `product.*` events). */
  invalidate(): void;
}

const LOOKUP_BATCH = 10;

const nameOf = (ref: PriceRef) => ('lookupKey' in ref ? ref.lookupKey : ref.priceId);

/**
 * Reads prices from Stripe by lookup key (`prices.list`, ten keys a call, active only) and by id,
 * with their tiers (Stripe sends a tiered price's tiers only when expanded). Keyed by the name
 * the ref uses; one Stripe has not is absent.
 */
async function readPrices(stripe: Stripe, refs: PriceRef[]): Promise<Map<string, Stripe.Price>> {
  const found = new Map<string, Stripe.Price>();
  const lookupKeys = [...new Set(refs.flatMap((r) => ('lookupKey' in r ? [r.lookupKey] : [])))];
  const ids = [...new Set(refs.flatMap((r) => ('priceId' in r ? [r.priceId] : [])))];
  const batches: string[][] = [];
  for (let i = 0; i < lookupKeys.length; i += LOOKUP_BATCH)
    batches.push(lookupKeys.slice(i, i + LOOKUP_BATCH));
  await Promise.all([
    ...batches.map(async (keys) => {
      const list = await stripe.prices.list({
        lookup_keys: keys,
        active: true,
        limit: 100,
        expand: ['data.tiers'],
      });
      for (const price of list.data) if (price.lookup_key) found.set(price.lookup_key, price);
    }),
    ...ids.map(async (id) => {
      try {
        found.set(id, await stripe.prices.retrieve(id, { expand: ['tiers'] }));
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode !== 404) throw error;
      }
    }),
  ]);
  return found;
}

/** A plan's price for one interval, as the catalog names it. */
interface Wanted {
  plan: Plan;
  interval: Interval;
  ref: PriceRef;
}

/**
 * Names the plan prices Stripe has not, by the kind of name the catalog used, with the fix for
 * each: a lookup key wants a price created under it; an id wants correcting.
 */
function missingMessage(missing: readonly Wanted[]): string {
  const list = (refs: readonly Wanted[], noun: string) =>
    `${refs.length === 1 ? noun : `${noun}s`} ${refs
      .map((w) => `"${nameOf(w.ref)}" (plan ${w.plan.key}, ${w.interval})`)
      .join(', ')}`;
  const byKey = missing.filter((w) => 'lookupKey' in w.ref);
  const byId = missing.filter((w) => 'priceId' in w.ref);
  const sentences: string[] = [];
  if (byKey.length > 0) {
    sentences.push(
      `No active Stripe price has the ${list(byKey, 'lookup key')} — run \`tollgate catalog push\` or create prices with these lookup keys.`,
    );
  }
  if (byId.length > 0) {
    sentences.push(
      `No Stripe price has the ${list(byId, 'id')} — correct the catalog's price ids (copy them from the dashboard of the Stripe account and mode, test or live, whose secret key this server uses) or name the prices by lookup key.`,
    );
  }
  return sentences.join(' ');
}

/** What one read of the catalog's prices holds. */
interface Loaded {
  plans: readonly ResolvedPrice[];
  /** Every price read (plans' and meters'), by lookup key or id. */
  byName: Map<string, Stripe.Price>;
}

/**
 * Creates a resolver of the catalog's plan prices and plan meters' metered prices, read together;
 * the cache lives `ttlMs` (default 10 minutes) or until invalidated.
 */
export function createPriceResolver(
  stripe: Stripe,
  catalog: Catalog,
  ttlMs = 10 * 60_000,
): PriceResolver {
  let cached: { at: number; value: Promise<Loaded> } | null = null;

  async function load(): Promise<Loaded> {
    const wanted: Wanted[] = [];
    const meterRefs: PriceRef[] = [];
    for (const plan of catalog.plans) {
      for (const [interval, ref] of Object.entries(plan.prices) as [Interval, PriceRef][]) {
        wanted.push({ plan, interval, ref });
      }
      for (const meter of Object.values(plan.meters)) {
        if (meter.price) meterRefs.push(meter.price);
      }
    }
    const byName = await readPrices(stripe, [...wanted.map((w) => w.ref), ...meterRefs]);
    const missing = wanted.filter((w) => !byName.has(nameOf(w.ref)));
    if (missing.length > 0) {
      throw new BillingError('CONFIG_INVALID', missingMessage(missing), {
        details: { missing: missing.map((w) => nameOf(w.ref)) },
      });
    }
    return {
      plans: wanted.map((w) => ({
        plan: w.plan,
        interval: w.interval,
        price: byName.get(nameOf(w.ref))!,
      })),
      byName,
    };
  }

  const loaded = (): Promise<Loaded> => {
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
  const all = async (): Promise<readonly ResolvedPrice[]> => (await loaded()).plans;

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
    async meterPrice(ref) {
      return (await loaded()).byName.get(nameOf(ref)) ?? null;
    },
    invalidate() {
      cached = null;
    },
  };
}
