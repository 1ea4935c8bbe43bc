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
      const [current] = (await stripe.prices.list({ lookup_keys: [ref.lookupKey], limit: 1 })).data;
      const wanted = ref.amount !== undefined && ref.currency !== undefined;
      const same =
        current?.active &&
        current.recurring?.interval === interval &&
        (!wanted || (current.unit_amount === ref.amount && current.currency === ref.currency));
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
        unit_amount: ref.amount,
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
