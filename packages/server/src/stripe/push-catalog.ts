import type { Catalog, Interval, Plan } from '@tollgate/core';
import type Stripe from 'stripe';
import { ensurePrice } from './ensure-price';
import { ensureProduct } from './ensure-product';
import { priceShape } from './price-shape';
import { pushMeters } from './push-meters';

/** What `pushCatalog` did for one product, price or meter. */
export interface PushStep {
  /** The plan, or null for a meter's step. */
  plan: string | null;
  /** The meter's event name for a meter's step (its meter, product and metered prices), else null. */
  meter: string | null;
  interval: Interval | null;
  /**
   * `created`: new product/price/meter; `moved`: a new price took over the lookup key;
   * `unchanged`; `missing`: no amount to create it from; `conflict`: Stripe's meter aggregates
   * by another formula than the catalog's, which Stripe cannot change.
   */
  action: 'created' | 'updated' | 'moved' | 'unchanged' | 'missing' | 'conflict';
  detail: string;
}

const productId = (plan: Plan) => `tollgate_${plan.key}`;

/**
 * Creates or updates Stripe products and prices from the catalog by lookup key, then the meters
 * its plans name and their metered prices (by event name and lookup key). Idempotent and never
 * deletes: a changed amount creates a new price that takes over the lookup key
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
    const step = (action: PushStep['action'], detail: string, interval: Interval | null = null) =>
      record({ plan: plan.key, meter: null, interval, action, detail });
    const product = productId(plan);
    const productAction = await ensureProduct(stripe, {
      id: product,
      name: plan.name,
      ...(plan.description ? { description: plan.description } : {}),
      metadata: { tollgatePlan: plan.key },
    });
    step(productAction, `product ${product}`);
    for (const [interval, ref] of Object.entries(plan.prices) as [
      Interval,
      NonNullable<Plan['prices'][Interval]>,
    ][]) {
      if (!('lookupKey' in ref)) {
        await stripe.prices.retrieve(ref.priceId);
        step('unchanged', `price ${ref.priceId} (by id)`, interval);
        continue;
      }
      const outcome = await ensurePrice(stripe, {
        lookupKey: ref.lookupKey,
        product,
        shape: priceShape(ref, plan.seats?.included ?? 0),
        currency: ref.currency,
        recurring: { interval },
        ...(ref.taxBehavior ? { taxBehavior: ref.taxBehavior } : {}),
        metadata: { tollgatePlan: plan.key },
      });
      step(outcome.action, outcome.detail, interval);
    }
  }
  await pushMeters(stripe, catalog, record);
  return steps;
}
