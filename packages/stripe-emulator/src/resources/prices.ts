import type Stripe from 'stripe';
import { createPrice, getPrice, type PriceInput, updatePrice } from '../engine/catalog.js';
import type { TierInput } from '../engine/pricing.js';
import { createdFilter, paginate } from '../http/list.js';
import { objects, type Reader } from '../http/params.js';
import type { Route } from '../http/router.js';
import {
  array,
  bool,
  hash,
  int,
  metadata,
  oneOf,
  PAGINATION,
  type ParamTable,
  range,
  str,
} from '../http/schema.js';
import { valuesOf } from '../state.js';

/** Stripe's billing intervals. */
export const INTERVALS = ['day', 'week', 'month', 'year'] as const;

/** `recurring` of a price (and of `price_data`). */
export const RECURRING = hash({
  interval: oneOf(INTERVALS, { required: true }),
  interval_count: int({ min: 1 }),
  usage_type: oneOf(['licensed', 'metered']),
  meter: str(),
  trial_period_days: int({ min: 0 }),
});

const TIER = hash({
  up_to: int({ required: true, min: 1, words: ['inf'] }),
  unit_amount: int({ min: 0 }),
  unit_amount_decimal: str(),
  flat_amount: int({ min: 0 }),
  flat_amount_decimal: str(),
});

/** Pricing fields shared by `prices.create` and a product's `default_price_data`. */
export const SCHEME: ParamTable = {
  billing_scheme: oneOf(['per_unit', 'tiered']),
  tiers: array(TIER, { note: 'with billing_scheme tiered; the last up_to is inf' }),
  tiers_mode: oneOf(['graduated', 'volume']),
  transform_quantity: hash({
    divide_by: int({ required: true, min: 1 }),
    round: oneOf(['down', 'up'], { required: true }),
  }),
};

const TAX_BEHAVIOR = oneOf(['exclusive', 'inclusive', 'unspecified'], {
  note: 'unspecified is taxed as exclusive',
});

const PRICE_CREATE: ParamTable = {
  ...SCHEME,
  tax_behavior: TAX_BEHAVIOR,
  currency: str({ required: true }),
  product: str(),
  product_data: hash({ name: str({ required: true }), metadata }),
  unit_amount: int({ min: 0 }),
  unit_amount_decimal: str(),
  nickname: str(),
  lookup_key: str(),
  transfer_lookup_key: bool(),
  active: bool(),
  metadata,
  recurring: RECURRING,
};

function tiers(p: Reader): TierInput[] | undefined {
  return objects(p, 'tiers')?.map((t) => ({
    up_to: t.str('up_to') === 'inf' ? 'inf' : t.int('up_to')!,
    unit_amount: t.int('unit_amount'),
    unit_amount_decimal: t.str('unit_amount_decimal'),
    flat_amount: t.int('flat_amount'),
    flat_amount_decimal: t.str('flat_amount_decimal'),
  }));
}

/** Reads `billing_scheme`, `tiers`, `tiers_mode` and `transform_quantity`. */
function scheme(p: Reader): Partial<PriceInput> {
  const transform = p.obj('transform_quantity');
  return {
    billing_scheme: p.str('billing_scheme') as PriceInput['billing_scheme'],
    tiers: tiers(p),
    tiers_mode: p.str('tiers_mode') as PriceInput['tiers_mode'],
    ...(transform
      ? {
          transform_quantity: {
            divide_by: transform.int('divide_by')!,
            round: transform.str('round') as 'up' | 'down',
          },
        }
      : {}),
  };
}

/** Reads price parameters (also used by `product.default_price_data`). */
export function priceInput(p: Reader): PriceInput {
  const recurring = p.obj('recurring');
  const productData = p.obj('product_data');
  return {
    ...scheme(p),
    tax_behavior: p.str('tax_behavior') as PriceInput['tax_behavior'],
    product: p.str('product'),
    ...(productData
      ? {
          product_data: {
            name: productData.str('name') ?? '',
            metadata: productData.meta() || undefined,
          },
        }
      : {}),
    currency: p.str('currency') ?? '',
    unit_amount: p.int('unit_amount'),
    unit_amount_decimal: p.str('unit_amount_decimal'),
    nickname: p.strOrNull('nickname'),
    lookup_key: p.strOrNull('lookup_key'),
    transfer_lookup_key: p.bool('transfer_lookup_key'),
    active: p.bool('active'),
    metadata: p.meta() || undefined,
    ...(recurring
      ? {
          recurring: {
            interval: (recurring.str('interval') ?? 'month') as Stripe.Price.Recurring.Interval,
            interval_count: recurring.int('interval_count'),
            usage_type: recurring.str('usage_type') as Stripe.Price.Recurring.UsageType | undefined,
            meter: recurring.str('meter') ?? null,
            trial_period_days: recurring.int('trial_period_days') ?? null,
          },
        }
      : {}),
  };
}

/** /v1/prices */
export const priceRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v1/prices',
    parameters: PRICE_CREATE,
    exclusive: [
      ['product', 'product_data'],
      ['unit_amount', 'unit_amount_decimal'],
    ],
    handler: ({ engine, params }) => createPrice(engine, priceInput(params)),
  },
  {
    method: 'GET',
    path: '/v1/prices/:id',
    parameters: {},
    handler: ({ engine, ids }) => getPrice(engine, ids[0]!, 'id'),
  },
  {
    method: 'POST',
    path: '/v1/prices/:id',
    parameters: {
      active: bool(),
      nickname: str(),
      lookup_key: str(),
      transfer_lookup_key: bool(),
      metadata,
      tax_behavior: TAX_BEHAVIOR,
    },
    handler: ({ engine, ids, params }) =>
      updatePrice(engine, ids[0]!, {
        tax_behavior: params.str('tax_behavior') as PriceInput['tax_behavior'],
        active: params.bool('active'),
        nickname: params.strOrNull('nickname'),
        lookup_key: params.strOrNull('lookup_key'),
        transfer_lookup_key: params.bool('transfer_lookup_key'),
        metadata: params.meta() || undefined,
      }),
  },
  {
    method: 'GET',
    path: '/v1/prices',
    parameters: {
      ...PAGINATION,
      created: range,
      lookup_keys: array(str()),
      active: bool(),
      product: str(),
      type: oneOf(['one_time', 'recurring']),
      currency: str(),
      recurring: hash({ interval: oneOf(INTERVALS) }),
    },
    handler: ({ engine, params }) => {
      const keys = params.strings('lookup_keys');
      const active = params.bool('active');
      const product = params.str('product');
      const type = params.str('type');
      const currency = params.str('currency');
      const recurring = params.obj('recurring');
      const interval = recurring?.str('interval');
      const items = createdFilter(valuesOf(engine.state.prices), params).filter(
        (p) =>
          (!keys || (p.lookup_key !== null && keys.includes(p.lookup_key))) &&
          (active === undefined || p.active === active) &&
          (!product || p.product === product) &&
          (!type || p.type === type) &&
          (!currency || p.currency === currency) &&
          (!interval || p.recurring?.interval === interval),
      );
      return paginate(items, params, '/v1/prices');
    },
  },
];
