import type Stripe from 'stripe';
import { invalidRequest } from '../errors.js';
import { newId } from '../ids.js';
import { valuesOf } from '../state.js';
import type { Engine } from './context.js';
import { emit, update } from './emit.js';
import { buildTiers, type TierInput, type TransformInput } from './pricing.js';
import { decimal, mergeMetadata, must } from './util.js';

/** Parameters for {@link createProduct}. */
interface ProductInput {
  id?: string;
  name?: string;
  description?: string | null;
  active?: boolean;
  metadata?: Record<string, string>;
  default_price_data?: Omit<PriceInput, 'product' | 'product_data'>;
}

/** Creates a product (and its default price if `default_price_data`); emits `product.created`. */
export function createProduct(engine: Engine, input: ProductInput): Stripe.Product {
  if (input.id && engine.state.products[input.id]) {
    throw invalidRequest(`Product already exists.`, 'id', 'resource_already_exists');
  }
  const created = engine.clock.now();
  const product = {
    id: input.id ?? newId('prod'),
    object: 'product',
    active: input.active ?? true,
    created,
    default_price: null as string | null,
    description: input.description ?? null,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata: mergeMetadata({}, input.metadata),
    name: input.name ?? '',
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    tax_details: null,
    type: 'service',
    unit_label: null,
    updated: created,
    url: null,
  } satisfies Stripe.Product;
  engine.state.products[product.id] = product;
  emit(engine, 'product.created', product);
  if (input.default_price_data) {
    const price = createPrice(engine, { ...input.default_price_data, product: product.id });
    product.default_price = price.id;
  }
  return product;
}

/** Updates a product; emits `product.updated`. */
export function updateProduct(engine: Engine, id: string, input: ProductInput): Stripe.Product {
  const product = must(engine.state.products, id, 'product');
  update(engine, 'product.updated', product, (p) => {
    if (input.name !== undefined) p.name = input.name;
    if (input.description !== undefined) p.description = input.description || null;
    if (input.active !== undefined) p.active = input.active;
    p.metadata = mergeMetadata(p.metadata, input.metadata);
    const dp = (input as { default_price?: string }).default_price;
    if (dp !== undefined) p.default_price = dp || null;
    p.updated = engine.clock.now();
  });
  return product;
}

/** Parameters for {@link createPrice}. */
export interface PriceInput {
  product?: string;
  product_data?: { name: string; metadata?: Record<string, string> };
  currency: string;
  unit_amount?: number;
  unit_amount_decimal?: string;
  nickname?: string | null;
  lookup_key?: string | null;
  transfer_lookup_key?: boolean;
  active?: boolean;
  metadata?: Record<string, string>;
  billing_scheme?: 'per_unit' | 'tiered';
  tiers?: TierInput[];
  tiers_mode?: 'graduated' | 'volume';
  transform_quantity?: TransformInput;
  tax_behavior?: 'exclusive' | 'inclusive' | 'unspecified';
  recurring?: {
    interval: Stripe.Price.Recurring.Interval;
    interval_count?: number;
    usage_type?: Stripe.Price.Recurring.UsageType;
    meter?: string | null;
    trial_period_days?: number | null;
  };
}

/** Creates a price; emits `price.created` (and `price.updated` on a transferred lookup key). */
export function createPrice(engine: Engine, input: PriceInput): Stripe.Price {
  if (!input.currency)
    throw invalidRequest('Missing required param: currency.', 'currency', 'parameter_missing');
  let productId = input.product;
  if (!productId && input.product_data) productId = createProduct(engine, input.product_data).id;
  if (!productId)
    throw invalidRequest('Missing required param: product.', 'product', 'parameter_missing');
  must(engine.state.products, productId, 'product', 'product');
  const recurring = input.recurring;
  if (recurring?.usage_type === 'metered' && recurring.meter) {
    must(engine.state.meters, recurring.meter, 'billing.meter', 'recurring[meter]');
  }
  if (input.lookup_key)
    claimLookupKey(engine, input.lookup_key, input.transfer_lookup_key === true);
  const tiered = input.billing_scheme === 'tiered';
  const amount =
    input.unit_amount ?? (input.unit_amount_decimal ? Number(input.unit_amount_decimal) : null);
  if (tiered) checkTiered(input, amount);
  else if (amount === null) {
    throw invalidRequest(
      'Missing required param: unit_amount.',
      'unit_amount',
      'parameter_missing',
    );
  } else if (input.tiers || input.tiers_mode) {
    throw invalidRequest(
      '`tiers` and `tiers_mode` can only be set when billing_scheme is tiered.',
      input.tiers ? 'tiers' : 'tiers_mode',
    );
  }
  const tiers = tiered ? buildTiers(input.tiers) : null;
  const price = {
    id: newId('price'),
    object: 'price',
    active: input.active ?? true,
    billing_scheme: tiered ? 'tiered' : 'per_unit',
    created: engine.clock.now(),
    currency: input.currency.toLowerCase(),
    custom_unit_amount: null,
    livemode: false,
    lookup_key: input.lookup_key || null,
    metadata: mergeMetadata({}, input.metadata),
    nickname: input.nickname ?? null,
    product: productId,
    recurring: recurring
      ? {
          interval: recurring.interval,
          interval_count: recurring.interval_count ?? 1,
          meter: recurring.meter ?? null,
          usage_type: recurring.usage_type ?? 'licensed',
          trial_period_days: recurring.trial_period_days ?? null,
        }
      : null,
    tax_behavior: input.tax_behavior ?? 'unspecified',
    tiers_mode: tiered ? input.tiers_mode! : null,
    transform_quantity: input.transform_quantity ?? null,
    type: recurring ? 'recurring' : 'one_time',
    unit_amount: amount === null ? null : Math.round(amount),
    unit_amount_decimal: amount === null ? null : decimal(amount),
  } satisfies Stripe.Price;
  engine.state.prices[price.id] = price;
  if (tiers) engine.state.internal.priceTiers[price.id] = tiers;
  emit(engine, 'price.created', price);
  return price;
}

/** Stripe's rules for `billing_scheme: 'tiered'`: recurring, a mode, no unit amount or transform. */
function checkTiered(input: PriceInput, amount: number | null): void {
  if (!input.recurring) throw invalidRequest('Tiered prices must be recurring.', 'billing_scheme');
  if (!input.tiers_mode)
    throw invalidRequest(
      'Missing required param: tiers_mode (required when billing_scheme is tiered).',
      'tiers_mode',
      'parameter_missing',
    );
  if (amount !== null)
    throw invalidRequest(
      'You may not specify `unit_amount` when billing_scheme is tiered; give each tier its amounts.',
      'unit_amount',
    );
  if (input.transform_quantity)
    throw invalidRequest(
      '`transform_quantity` cannot be combined with billing_scheme tiered.',
      'transform_quantity',
    );
}

function claimLookupKey(engine: Engine, key: string, transfer: boolean): void {
  const holder = valuesOf(engine.state.prices).find((p) => p.lookup_key === key);
  if (!holder) return;
  if (!transfer) {
    throw invalidRequest(
      `A price (\`${holder.id}\`) already uses that lookup key. Pass transfer_lookup_key=true to move it to this price.`,
      'lookup_key',
    );
  }
  update(engine, 'price.updated', holder, (p) => {
    p.lookup_key = null;
  });
}

/** Updates a price (metadata, active, nickname, lookup_key); emits `price.updated`. */
export function updatePrice(
  engine: Engine,
  id: string,
  input: Partial<
    Pick<
      PriceInput,
      'active' | 'nickname' | 'metadata' | 'lookup_key' | 'transfer_lookup_key' | 'tax_behavior'
    >
  >,
): Stripe.Price {
  const price = must(engine.state.prices, id, 'price');
  if (
    input.tax_behavior &&
    price.tax_behavior !== 'unspecified' &&
    input.tax_behavior !== price.tax_behavior
  )
    throw invalidRequest(
      `This price's tax_behavior is already ${price.tax_behavior}; once inclusive or exclusive it cannot change. Create a new price instead.`,
      'tax_behavior',
    );
  if (input.lookup_key && input.lookup_key !== price.lookup_key) {
    claimLookupKey(engine, input.lookup_key, input.transfer_lookup_key === true);
  }
  update(engine, 'price.updated', price, (p) => {
    if (input.active !== undefined) p.active = input.active;
    if (input.nickname !== undefined) p.nickname = input.nickname || null;
    if (input.lookup_key !== undefined) p.lookup_key = input.lookup_key || null;
    if (input.tax_behavior) p.tax_behavior = input.tax_behavior;
    p.metadata = mergeMetadata(p.metadata, input.metadata);
  });
  return price;
}

/** The price with `id`, or a 404 naming `param`. */
export function getPrice(engine: Engine, id: string, param = 'price'): Stripe.Price {
  return must(engine.state.prices, id, 'price', param);
}
