import type Stripe from 'stripe';
import { createPrice, getPrice, type PriceInput, updatePrice } from '../engine/catalog.js';
import { createdFilter, paginate } from '../http/list.js';
import type { Reader } from '../http/params.js';
import type { Route } from '../http/router.js';

/** Reads price parameters (also used by `product.default_price_data`). */
export function priceInput(p: Reader): PriceInput {
  const recurring = p.obj('recurring');
  const productData = p.obj('product_data');
  return {
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
    handler: ({ engine, params }) => createPrice(engine, priceInput(params)),
  },
  {
    method: 'GET',
    path: '/v1/prices/:id',
    handler: ({ engine, ids }) => getPrice(engine, ids[0]!, 'price'),
  },
  {
    method: 'POST',
    path: '/v1/prices/:id',
    handler: ({ engine, ids, params }) =>
      updatePrice(engine, ids[0]!, {
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
    handler: ({ engine, params }) => {
      const keys = params.strings('lookup_keys');
      const active = params.bool('active');
      const product = params.str('product');
      const type = params.str('type');
      const currency = params.str('currency');
      const recurring = params.obj('recurring');
      const interval = recurring?.str('interval');
      const items = createdFilter(Object.values(engine.state.prices), params).filter(
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
