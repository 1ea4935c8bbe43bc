import type { Catalog, MeterPriceInput, PlanMeter } from '@tollgate/core';
import type Stripe from 'stripe';
import { ensurePrice } from './ensure-price';
import { ensureProduct } from './ensure-product';
import { priceShape } from './price-shape';
import type { PushStep } from './push-catalog';

/** The product a meter's metered prices belong to. */
const productId = (eventName: string) =>
  `tollgate_meter_${eventName.replace(/[^A-Za-z0-9_-]/g, '_')}`;

/**
 * Each meter the catalog's plans name, once, with the fullest description of each lookup key
 * (plans may name a price by its key alone where another plan describes it).
 */
function metersOf(catalog: Catalog) {
  const meters = new Map<string, { meter: PlanMeter; prices: Map<string, MeterPriceInput> }>();
  for (const plan of catalog.plans) {
    for (const [name, meter] of Object.entries(plan.meters)) {
      const entry = meters.get(name) ?? { meter, prices: new Map() };
      meters.set(name, entry);
      const price = meter.price;
      if (!price || !('lookupKey' in price)) continue;
      const known = entry.prices.get(price.lookupKey);
      if (!known || Object.keys(price).length > Object.keys(known).length) {
        entry.prices.set(price.lookupKey, price);
      }
    }
  }
  return meters;
}

/** Stripe's active meters by event name. */
async function activeMeters(stripe: Stripe): Promise<Map<string, Stripe.Billing.Meter>> {
  const found = new Map<string, Stripe.Billing.Meter>();
  for await (const m of stripe.billing.meters.list({ status: 'active', limit: 100 })) {
    found.set(m.event_name, m);
  }
  return found;
}

/**
 * Pushes the catalog's meters and their metered prices: a Billing Meter per event name (created
 * with the catalog's formula when Stripe has no active one), and each metered price by lookup key
 * as plan prices are — on a product per meter, `recurring.usage_type: metered` on that meter.
 * Idempotent and never deletes. A meter's display name follows the catalog's label; Stripe
 * cannot change its formula, so a meter that aggregates otherwise is reported as a `conflict`.
 */
export async function pushMeters(
  stripe: Stripe,
  catalog: Catalog,
  record: (step: PushStep) => void,
): Promise<void> {
  const wanted = metersOf(catalog);
  if (wanted.size === 0) return;
  const live = await activeMeters(stripe);
  for (const [name, { meter, prices }] of wanted) {
    const step = (
      action: PushStep['action'],
      detail: string,
      interval: PushStep['interval'] = null,
    ) => record({ plan: null, meter: name, interval, action, detail });
    let current = live.get(name);
    if (!current) {
      current = await stripe.billing.meters.create({
        display_name: meter.label,
        event_name: name,
        default_aggregation: { formula: meter.formula },
      });
      step('created', `meter ${current.id} (${meter.formula})`);
    } else if (current.default_aggregation.formula !== meter.formula) {
      step(
        'conflict',
        `meter ${current.id} aggregates by ${current.default_aggregation.formula}, the catalog says ${meter.formula} — Stripe cannot change a meter's formula: give the catalog's meter that formula, or use a new event name`,
      );
      continue;
    } else if (current.display_name !== meter.label) {
      // The one field Stripe lets a meter change.
      current = await stripe.billing.meters.update(current.id, { display_name: meter.label });
      step('updated', `meter ${current.id} (display name "${meter.label}")`);
    } else {
      step('unchanged', `meter ${current.id}`);
    }
    if (prices.size === 0) continue;
    const product = productId(name);
    const productAction = await ensureProduct(stripe, {
      id: product,
      name: meter.label,
      metadata: { tollgateMeter: name },
    });
    step(productAction, `product ${product}`);
    for (const price of prices.values()) {
      const interval = price.interval ?? 'month';
      const outcome = await ensurePrice(stripe, {
        lookupKey: price.lookupKey,
        product,
        shape: priceShape(price),
        currency: price.currency,
        recurring: { interval, usage_type: 'metered', meter: current.id },
        ...(price.taxBehavior ? { taxBehavior: price.taxBehavior } : {}),
        metadata: { tollgateMeter: name },
      });
      step(outcome.action, outcome.detail, interval);
    }
  }
}
