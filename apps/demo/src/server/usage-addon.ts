import type Stripe from 'stripe';

/** The meter the demo's API console reports to (`billing.recordUsage(user, API_CALLS_METER, 1, {idempotencyKey})`). */
export const API_CALLS_METER = 'demo_api_calls';
const PRODUCT = 'tollgate_addon_api_calls';
/** The metered price the catalog's plans name for `demo_api_calls` (100 included, then 1¢). */
export const API_CALLS_PRICE = 'demo_api_calls_tiered';
const LOOKUP_KEY = API_CALLS_PRICE;

/**
 * The catalog's metered add-on, "API calls": a Billing Meter and a monthly graduated price on it
 * — the first 100 calls free (the plans' included amount), then 1¢ a call.
 * `pushCatalog` handles plans only, so the demo creates these itself — idempotently, by event
 * name and lookup key, through the same SDK calls you would make against real Stripe.
 */
export async function ensureApiCallsAddon(
  stripe: Stripe,
): Promise<{ meterId: string; priceId: string }> {
  const meters = await stripe.billing.meters.list({ status: 'active', limit: 100 });
  const meter =
    meters.data.find((m) => m.event_name === API_CALLS_METER) ??
    (await stripe.billing.meters.create({
      display_name: 'API calls',
      event_name: API_CALLS_METER,
      default_aggregation: { formula: 'sum' },
    }));
  const [existing] = (await stripe.prices.list({ lookup_keys: [LOOKUP_KEY], limit: 1 })).data;
  if (existing) return { meterId: meter.id, priceId: existing.id };
  const product = await stripe.products
    .retrieve(PRODUCT)
    .catch((error: { statusCode?: number }) => {
      if (error.statusCode === 404) return null;
      throw error;
    });
  if (!product) {
    await stripe.products.create({
      id: PRODUCT,
      name: 'API calls',
      description: '100 included, then 1¢ per call',
    });
  }
  const price = await stripe.prices.create({
    product: PRODUCT,
    currency: 'usd',
    billing_scheme: 'tiered',
    tiers_mode: 'graduated',
    tiers: [
      { up_to: 100, unit_amount: 0 },
      { up_to: 'inf', unit_amount: 1 },
    ],
    recurring: { interval: 'month', usage_type: 'metered', meter: meter.id },
    lookup_key: LOOKUP_KEY,
  });
  return { meterId: meter.id, priceId: price.id };
}
