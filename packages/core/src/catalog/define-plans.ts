import * as z from 'zod/mini';
import { BillingError } from '../contract/errors';
import { INTERVALS, type Interval } from '../contract/primitives';
import {
  metersProblem,
  normaliseMeters,
  type PlanMeter,
  type PlanMeterInput,
  planMetersSchema,
} from './plan-meters';
import { type PriceTierInput, priceTiersSchema, tiersProblem } from './price-tiers';
import { seatRule, seatsSchema } from './seat-schema';
import type { SeatInput, SeatRule } from './seats';

/** How a plan names its Stripe price for one interval: by lookup key (preferred) or by price id. */
export type PriceRef =
  | {
      lookupKey: string;
      /** Amount in minor units (per seat on a per-seat plan) and currency, used by `tollgate catalog push` to create the price. */
      amount?: number;
      currency?: string;
      /** Per-seat plans: tiers instead of `amount`, as Stripe's `tiers` (the last one `upTo: 'inf'`). */
      tiers?: PriceTierInput[];
      /** `graduated` (each tier bills its own seats) or `volume` (one tier for every seat). Default `graduated`. */
      tiersMode?: 'graduated' | 'volume';
      /** Stripe's `tax_behavior` for `catalog push`: whether the amount includes tax. */
      taxBehavior?: 'inclusive' | 'exclusive';
    }
  | { priceId: string };

export type { PriceTierInput } from './price-tiers';

/** A plan as written by the product team. */
export interface PlanInput {
  key: string;
  name: string;
  description?: string;
  /** Marketing bullet points shown on the pricing table. */
  features?: string[];
  /** Boolean features and numeric limits (-1 = unlimited). */
  entitlements?: Record<string, boolean | number>;
  /** Price per interval; a plain string is a lookup key. Omit for the free plan. */
  prices?: Partial<Record<Interval, string | PriceRef>>;
  trialDays?: number;
  /** Order on the pricing table and for upgrade/downgrade decisions (higher = more). Defaults to position. */
  rank?: number;
  /** The plan users without a subscription are on. At most one. */
  free?: boolean;
  /** The plan the pricing table highlights ("Most popular"). At most one, not the free plan. */
  recommended?: boolean;
  /** Sold per seat: the subscription's quantity is the seat count, within these bounds. */
  seats?: SeatInput | null;
  /** Metered features by meter event name: included amount, soft/hard limit, metered price. */
  meters?: Record<string, PlanMeterInput>;
}

/** A validated plan. */
export interface Plan {
  key: string;
  name: string;
  description: string;
  features: string[];
  entitlements: Record<string, boolean | number>;
  prices: Partial<Record<Interval, PriceRef>>;
  trialDays: number;
  rank: number;
  free: boolean;
  recommended: boolean;
  /** Seat rules of a per-seat plan; null when the plan is sold as one unit. */
  seats: SeatRule | null;
  meters: Record<string, PlanMeter>;
}

/** A validated, rank-ordered plan catalog. */
export interface Catalog {
  readonly plans: readonly Plan[];
  readonly freePlan: Plan | null;
  /** The plan with this key, or undefined. */
  get(key: string): Plan | undefined;
  /** The plan and interval whose price has this lookup key or id, or undefined. */
  findByPrice(price: {
    id: string;
    lookup_key?: string | null;
  }): { plan: Plan; interval: Interval } | undefined;
}

const KEY = /^[a-z0-9][a-z0-9_-]{0,63}$/;
/** Billing state reports this key when there is no free plan to fall back to. */
const RESERVED_KEY = 'none';
const LOOKUP_KEY = /^[A-Za-z0-9_.:-]{1,200}$/;

const priceRefSchema = z.union([
  z
    .string()
    .check(z.regex(LOOKUP_KEY, 'must be a lookup key of letters, digits, "_", ".", ":" or "-"')),
  z.strictObject({
    lookupKey: z
      .string()
      .check(z.regex(LOOKUP_KEY, 'must be a lookup key of letters, digits, "_", ".", ":" or "-"')),
    amount: z.optional(
      z.int().check(z.nonnegative('must be a whole, non-negative number of minor units')),
    ),
    currency: z.optional(
      z.string().check(z.regex(/^[a-z]{3}$/, 'must be a lower-case ISO 4217 code such as "usd"')),
    ),
    tiers: z.optional(priceTiersSchema),
    tiersMode: z.optional(z.enum(['graduated', 'volume'])),
    taxBehavior: z.optional(z.enum(['inclusive', 'exclusive'])),
  }),
  z.strictObject({ priceId: z.string().check(z.regex(/^price_\w+$/, 'must look like "price_…"')) }),
]);

const planSchema = z.strictObject({
  key: z
    .string()
    .check(z.regex(KEY, 'must be lower-case letters, digits, "_" or "-" (e.g. "pro")')),
  name: z.string().check(z.minLength(1, 'must not be empty')),
  description: z.optional(z.string()),
  features: z.optional(z.array(z.string())),
  entitlements: z.optional(
    z.record(
      z.string(),
      z.union([z.boolean(), z.int().check(z.gte(-1, 'limits must be ≥ 0, or -1 for unlimited'))]),
    ),
  ),
  prices: z.optional(z.partialRecord(z.enum(INTERVALS), priceRefSchema)),
  trialDays: z.optional(
    z.int().check(z.gte(0, 'must be ≥ 0'), z.lte(730, 'Stripe allows at most 730 days')),
  ),
  rank: z.optional(z.int()),
  free: z.optional(z.boolean()),
  recommended: z.optional(z.boolean()),
  // null: a plan already validated (its `seats` when not sold per seat) passes again.
  seats: z.optional(z.nullable(seatsSchema)),
  meters: z.optional(planMetersSchema),
});

function fail(plan: string, field: string, problem: string): never {
  throw new BillingError('CONFIG_INVALID', `Plan catalog: plan "${plan}": ${field} ${problem}`);
}

function normalisePrice(ref: string | PriceRef): PriceRef {
  return typeof ref === 'string' ? { lookupKey: ref } : ref;
}

/**
 * Validate a plan catalog. Throws a `BillingError` `CONFIG_INVALID` naming the plan and the field on any mistake.
 *
 * @example
 * const catalog = definePlans([
 *   { key: 'free', name: 'Free', free: true, entitlements: { projects: 1 } },
 *   { key: 'pro', name: 'Pro', trialDays: 14, entitlements: { projects: -1, api_access: true },
 *     prices: { month: 'pro_monthly', year: 'pro_yearly' } },
 * ]);
 */
export function definePlans(input: readonly PlanInput[]): Catalog {
  if (!Array.isArray(input) || input.length === 0) {
    throw new BillingError(
      'CONFIG_INVALID',
      'Plan catalog: pass a non-empty array of plans to definePlans().',
    );
  }
  const plans = input.map((raw, index): Plan => {
    const label = typeof raw?.key === 'string' ? raw.key : `#${index}`;
    const parsed = planSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      fail(label, issue.path.join('.') || '(plan)', issue.message);
    }
    const plan = parsed.data;
    const prices: Partial<Record<Interval, PriceRef>> = {};
    for (const interval of INTERVALS) {
      const ref = plan.prices?.[interval];
      if (ref !== undefined) prices[interval] = normalisePrice(ref);
    }
    if (plan.key === RESERVED_KEY)
      fail(plan.key, 'key', 'is reserved for "no plan" — choose another key (e.g. "basic")');
    const free = plan.free ?? false;
    const priced = Object.keys(prices).length > 0;
    if (free && priced) fail(plan.key, 'prices', 'must be empty on the free plan');
    if (!free && !priced)
      fail(plan.key, 'prices', 'needs a month or year price (or set free: true)');
    if (free && (plan.trialDays ?? 0) > 0)
      fail(plan.key, 'trialDays', 'makes no sense on the free plan');
    if (free && plan.recommended)
      fail(plan.key, 'recommended', 'belongs on a paid plan (the free plan needs no highlight)');
    if (free && plan.seats) fail(plan.key, 'seats', 'belong on a paid plan, not the free one');
    for (const [interval, ref] of Object.entries(prices)) {
      if (!('tiers' in ref) || !ref.tiers) continue;
      const field = `prices.${interval}.tiers`;
      if (!plan.seats) fail(plan.key, field, 'need a per-seat plan (add seats: {…})');
      const problem = tiersProblem(ref.tiers, ref.amount);
      if (problem) fail(plan.key, field, problem);
    }
    return {
      key: plan.key,
      name: plan.name,
      description: plan.description ?? '',
      features: plan.features ?? [],
      entitlements: plan.entitlements ?? {},
      prices,
      trialDays: plan.trialDays ?? 0,
      rank: plan.rank ?? index,
      free,
      recommended: plan.recommended ?? false,
      seats: plan.seats ? seatRule(plan.key, plan.seats, fail) : null,
      meters: normaliseMeters(plan.meters),
    };
  });

  const seenKeys = new Set<string>();
  const seenRanks = new Map<number, string>();
  const seenPrices = new Map<string, string>();
  for (const plan of plans) {
    if (seenKeys.has(plan.key)) fail(plan.key, 'key', 'is used by two plans');
    seenKeys.add(plan.key);
    const other = seenRanks.get(plan.rank);
    if (other) fail(plan.key, 'rank', `${plan.rank} is also the rank of plan "${other}"`);
    seenRanks.set(plan.rank, plan.key);
    for (const [interval, ref] of Object.entries(plan.prices)) {
      const id = 'lookupKey' in ref ? ref.lookupKey : ref.priceId;
      const owner = seenPrices.get(id);
      if (owner) fail(plan.key, `prices.${interval}`, `"${id}" is already used by plan "${owner}"`);
      seenPrices.set(id, plan.key);
    }
  }
  const meters = metersProblem(plans);
  if (meters) fail(meters.plan, meters.field, meters.problem);
  const freePlans = plans.filter((plan) => plan.free);
  if (freePlans.length > 1)
    fail(
      freePlans[1]!.key,
      'free',
      `is also set on plan "${freePlans[0]!.key}"; only one plan can be free`,
    );

  const recommended = plans.filter((plan) => plan.recommended);
  if (recommended.length > 1)
    fail(
      recommended[1]!.key,
      'recommended',
      `is also set on plan "${recommended[0]!.key}"; only one plan can be recommended`,
    );

  const ordered = [...plans].sort((a, b) => a.rank - b.rank);
  const byKey = new Map(ordered.map((plan) => [plan.key, plan]));
  return {
    plans: ordered,
    freePlan: freePlans[0] ?? null,
    get: (key) => byKey.get(key),
    findByPrice(price) {
      for (const plan of ordered) {
        for (const interval of INTERVALS) {
          const ref = plan.prices[interval];
          if (!ref) continue;
          const match =
            'priceId' in ref ? ref.priceId === price.id : ref.lookupKey === price.lookup_key;
          if (match) return { plan, interval };
        }
      }
      return undefined;
    },
  };
}
