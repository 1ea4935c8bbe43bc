import { createProduct, updateProduct } from '../engine/catalog.js';
import { must } from '../engine/util.js';
import { invalidRequest } from '../errors.js';
import { createdFilter, paginate } from '../http/list.js';
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

const PRODUCT_CREATE: ParamTable = {
  id: str(),
  name: str({ required: true }),
  description: str(),
  active: bool(),
  metadata,
  default_price_data: hash(
    {
      currency: str({ required: true }),
      unit_amount: int({ min: 0 }),
      unit_amount_decimal: str(),
      metadata,
      recurring: hash({
        interval: oneOf(INTERVALS, { required: true }),
        interval_count: int({ min: 1 }),
      }),
    },
    { exclusive: [['unit_amount', 'unit_amount_decimal']] },
  ),
};

import { valuesOf } from '../state.js';
import { INTERVALS, priceInput } from './prices.js';

/** /v1/products */
export const productRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v1/products',
    parameters: PRODUCT_CREATE,
    handler: ({ engine, params }) => {
      const name = params.str('name');
      if (!name) throw invalidRequest('Missing required param: name.', 'name', 'parameter_missing');
      const dpd = params.obj('default_price_data');
      return createProduct(engine, {
        id: params.str('id'),
        name,
        description: params.strOrNull('description'),
        active: params.bool('active'),
        metadata: params.meta() || undefined,
        ...(dpd ? { default_price_data: priceInput(dpd) } : {}),
      });
    },
  },
  {
    method: 'GET',
    path: '/v1/products/:id',
    parameters: {},
    handler: ({ engine, ids }) => must(engine.state.products, ids[0]!, 'product'),
  },
  {
    method: 'POST',
    path: '/v1/products/:id',
    parameters: { name: str(), description: str(), active: bool(), metadata, default_price: str() },
    handler: ({ engine, ids, params }) => {
      const dp = params.strOrNull('default_price');
      if (dp) must(engine.state.prices, dp, 'price', 'default_price');
      return updateProduct(engine, ids[0]!, {
        name: params.str('name'),
        description: params.strOrNull('description'),
        active: params.bool('active'),
        metadata: params.meta() || undefined,
        ...(dp !== undefined ? { default_price: dp ?? '' } : {}),
      } as Parameters<typeof updateProduct>[2]);
    },
  },
  {
    method: 'DELETE',
    path: '/v1/products/:id',
    parameters: {},
    handler: ({ engine, ids }) => {
      must(engine.state.products, ids[0]!, 'product');
      if (valuesOf(engine.state.prices).some((p) => p.product === ids[0])) {
        throw invalidRequest(
          'This product cannot be deleted because it has one or more user-created prices.',
          'id',
        );
      }
      delete engine.state.products[ids[0]!];
      return { id: ids[0], object: 'product', deleted: true };
    },
  },
  {
    method: 'GET',
    path: '/v1/products',
    parameters: { ...PAGINATION, created: range, active: bool(), ids: array(str()) },
    handler: ({ engine, params }) => {
      const active = params.bool('active');
      const only = params.strings('ids');
      const items = createdFilter(valuesOf(engine.state.products), params).filter(
        (p) => (active === undefined || p.active === active) && (!only || only.includes(p.id)),
      );
      return paginate(items, params, '/v1/products');
    },
  },
];
