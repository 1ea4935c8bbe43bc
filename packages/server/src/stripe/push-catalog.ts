import type { Catalog, Interval, Plan } from '@tollgate/core';
import type Stripe from 'stripe';

/** What `pushCatalog` did for one price. */
export interface PushStep {
  plan: string;
  interval: Interval | null;
  /** `created`: new product/price; `moved`: a new price took over the lookup key; `unchanged`; `missing`: no amount to create it from. */
  action: 'created' | 'updated' | 'moved' | 'unchanged' | 'missing';
  detail: string;
}

const productId = (plan: Plan) => `tollgate_${plan.key}`;

type LookupRef = Extract<NonNullable<Plan['prices']['month']>, { lookupKey: string }>;
type PriceShape =
  | { unit_amount: number }
  | {
      billing_scheme: 'tiered';
      tiers_mode: 'graduated' | 'volume';
      tiers: { up_to: number | 'inf'; unit_amount?: number; flat_amount?: number }[];
    };

/**
 * How Stripe should price a catalog price: per unit, the catalog's tiers, or — for a per-seat
 * plan with free `included` seats — graduated, those seats at 0 and each further one at `amount`.
 * Null when the catalog gives no amount to create it from.
 */
function priceShape(plan: Plan, ref: LookupRef): PriceShape | null {
  if (ref.tiers) {
    return {
      billing_scheme: 'tiered',
      tiers_mode: ref.tiersMode ?? 'graduated',
      tiers: ref.tiers.map((tier) => ({
        up_to: tier.upTo,
        ...(tier.unitAmount !== undefined ? { unit_amount: tier.unitAmount } : {}),
        ...(tier.flatAmount !== undefined ? { flat_amount: tier.flatAmount } : {}),
      })),
    };
  }
  if (ref.amount === undefined) return null;
  const included = plan.seats?.included ?? 0;
  if (included === 0) return { unit_amount: ref.amount };
  return {
    billing_scheme: 'tiered',
    tiers_mode: 'graduated',
    tiers: [
      { up_to: included, unit_amount: 0 },
      { up_to: 'inf', unit_amount: ref.amount },
    ],
  };
}

/** Whether a live price already prices as `shape` (its tiers read when Stripe sent them). */
function sameShape(price: Stripe.Price, shape: PriceShape | null): boolean {
  if (!shape) return true;
  if ('unit_amount' in shape)
    return price.billing_scheme !== 'tiered' && price.unit_amount === shape.unit_amount;
  const tiers = price.tiers ?? [];
  return (
    price.billing_scheme === 'tiered' &&
    price.tiers_mode === shape.tiers_mode &&
    tiers.length === shape.tiers.length &&
    shape.tiers.every(
      (tier, i) =>
        (tiers[i]!.up_to ?? 'inf') === tier.up_to &&
        (tiers[i]!.unit_amount ?? 0) === (tier.unit_amount ?? 0) &&
        (tiers[i]!.flat_amount ?? 0) === (tier.flat_amount ?? 0),
    )
  );
}

async function ensureProduct(stripe: Stripe, plan: Plan): Promise<PushStep> {
  const id = productId(plan);
  const existing = await stripe.products.retrieve(id).catch((error: { statusCode?: number }) => {
    if (error.statusCode === 404) return null;
    throw error;
  });
  const fields = {
    name: plan.name,
    ...(plan.description ? { description: plan.description } : {}),
  };
  if (!existing) {
    await stripe.products.create({ id, ...fields, metadata: { tollgatePlan: plan.key } });
    return { plan: plan.key, interval: null, action: 'created', detail: `product ${id}` };
  }
  if (
    existing.name !== plan.name ||
    (plan.description && existing.description !== plan.description)
  ) {
    await stripe.products.update(id, fields);
    return { plan: plan.key, interval: null, action: 'updated', detail: `product ${id}` };
  }
  return { plan: plan.key, interval: null, action: 'unchanged', detail: `product ${id}` };
}

/**
 * Creates or updates Stripe products and prices from the catalog by lookup key. Idempotent and
 * never deletes: a changed amount creates a new price that takes over the lookup key
 * (`transfer_lookup_key`), leaving existing subscribers on the old price.
 */
export async function pushCatalog(
  stripe: Stripe,
  catalog: Catalog,
  onStep: (step: PushStep) => void = () => {},
): Promise<PushStep[]> {
  const steps: PushStep[] = [];
  const record = (step: PushStep) => {
    steps.push(step);
    onStep(step);
  };
  for (const plan of catalog.plans) {
    if (plan.free) continue;
    record(await ensureProduct(stripe, plan));
    for (const [interval, ref] of Object.entries(plan.prices) as [
      Interval,
      NonNullable<Plan['prices'][Interval]>,
    ][]) {
      if (!('lookupKey' in ref)) {
        await stripe.prices.retrieve(ref.priceId);
        record({
          plan: plan.key,
          interval,
          action: 'unchanged',
          detail: `price ${ref.priceId} (by id)`,
        });
        continue;
      }
      const [current] = (
        await stripe.prices.list({ lookup_keys: [ref.lookupKey], limit: 1, expand: ['data.tiers'] })
      ).data;
      const shape = priceShape(plan, ref);
      const wanted = shape !== null && ref.currency !== undefined;
      const same =
        current?.active &&
        current.recurring?.interval === interval &&
        (!wanted || (sameShape(current, shape) && current.currency === ref.currency));
      if (same) {
        record({
          plan: plan.key,
          interval,
          action: 'unchanged',
          detail: `${ref.lookupKey} → ${current.id}`,
        });
        continue;
      }
      if (!wanted) {
        record({
          plan: plan.key,
          interval,
          action: 'missing',
          detail: `${ref.lookupKey}: give the catalog price an amount and currency to create it`,
        });
        continue;
      }
      const price = await stripe.prices.create({
        product: productId(plan),
        ...shape,
        ...(ref.taxBehavior ? { tax_behavior: ref.taxBehavior } : {}),
        currency: ref.currency!,
        recurring: { interval },
        lookup_key: ref.lookupKey,
        transfer_lookup_key: true,
        metadata: { tollgatePlan: plan.key },
      });
      record({
        plan: plan.key,
        interval,
        action: current ? 'moved' : 'created',
        detail: `${ref.lookupKey} → ${price.id}${current ? ` (was ${current.id})` : ''}`,
      });
    }
  }
  return steps;
}
