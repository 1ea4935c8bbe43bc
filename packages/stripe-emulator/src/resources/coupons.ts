import {
  createCoupon,
  deleteCoupon,
  getCoupon,
  listCoupons,
  updateCoupon,
} from '../engine/coupons.js';
import { createdFilter, paginate } from '../http/list.js';
import type { Route } from '../http/router.js';
import { array, hash, int, metadata, num, oneOf, PAGINATION, range, str } from '../http/schema.js';

const COUPON_CREATE = {
  id: str(),
  name: str(),
  percent_off: num({ min: 0, max: 100 }),
  amount_off: int({ min: 1 }),
  currency: str({ note: 'with amount_off' }),
  duration: oneOf(['forever', 'once', 'repeating']),
  duration_in_months: int({ min: 1, note: 'with duration repeating' }),
  max_redemptions: int({ min: 1 }),
  redeem_by: int(),
  applies_to: hash({ products: array(str()) }),
  metadata,
};

/** /v1/coupons */
export const couponRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v1/coupons',
    parameters: COUPON_CREATE,
    exclusive: [['percent_off', 'amount_off']],
    handler: ({ engine, params }) =>
      createCoupon(engine, {
        id: params.str('id'),
        name: params.str('name'),
        percent_off: params.num('percent_off'),
        amount_off: params.int('amount_off'),
        currency: params.str('currency'),
        duration: params.str('duration') as 'once' | 'repeating' | 'forever' | undefined,
        duration_in_months: params.int('duration_in_months'),
        max_redemptions: params.int('max_redemptions'),
        redeem_by: params.int('redeem_by'),
        ...(params.obj('applies_to')
          ? { applies_to: { products: params.obj('applies_to')!.strings('products') ?? [] } }
          : {}),
        metadata: params.meta() || undefined,
      }),
  },
  {
    method: 'GET',
    path: '/v1/coupons/:id',
    parameters: {},
    handler: ({ engine, ids }) => getCoupon(engine, ids[0]!),
  },
  {
    method: 'POST',
    path: '/v1/coupons/:id',
    parameters: { name: str(), metadata },
    handler: ({ engine, ids, params }) =>
      updateCoupon(engine, ids[0]!, {
        ...(params.has('name') ? { name: params.strOrNull('name') } : {}),
        metadata: params.meta(),
      }),
  },
  {
    method: 'DELETE',
    path: '/v1/coupons/:id',
    parameters: {},
    handler: ({ engine, ids }) => deleteCoupon(engine, ids[0]!),
  },
  {
    method: 'GET',
    path: '/v1/coupons',
    parameters: { ...PAGINATION, created: range },
    handler: ({ engine, params }) =>
      paginate(createdFilter(listCoupons(engine), params), params, '/v1/coupons'),
  },
];
