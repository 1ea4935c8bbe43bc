import {
  createPromotionCode,
  getPromotionCode,
  promoCoupon,
  updatePromotionCode,
} from '../engine/promotion-codes.js';
import { idOf } from '../engine/util.js';
import { missingParam } from '../errors.js';
import { createdFilter, paginate } from '../http/list.js';
import type { Route } from '../http/router.js';
import { bool, hash, int, metadata, oneOf, PAGINATION, range, str } from '../http/schema.js';
import { valuesOf } from '../state.js';

const PROMOTION_CODE_CREATE = {
  promotion: hash(
    { coupon: str({ required: true }), type: oneOf(['coupon'], { required: true }) },
    { required: true },
  ),
  code: str(),
  active: bool(),
  customer: str(),
  expires_at: int(),
  max_redemptions: int({ min: 1 }),
  metadata,
  restrictions: hash({
    first_time_transaction: bool(),
    minimum_amount: int({ min: 0 }),
    minimum_amount_currency: str(),
  }),
};

/** /v1/promotion_codes */
export const promotionCodeRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v1/promotion_codes',
    parameters: PROMOTION_CODE_CREATE,
    handler: ({ engine, params }) => {
      const coupon = params.obj('promotion')?.str('coupon');
      if (!coupon) throw missingParam('promotion[coupon]');
      const r = params.obj('restrictions');
      return createPromotionCode(engine, {
        coupon,
        code: params.str('code'),
        active: params.bool('active'),
        customer: params.str('customer'),
        expires_at: params.int('expires_at'),
        max_redemptions: params.int('max_redemptions'),
        metadata: params.meta() || undefined,
        ...(r
          ? {
              restrictions: {
                first_time_transaction: r.bool('first_time_transaction'),
                minimum_amount: r.int('minimum_amount'),
                minimum_amount_currency: r.str('minimum_amount_currency'),
              },
            }
          : {}),
      });
    },
  },
  {
    method: 'GET',
    path: '/v1/promotion_codes/:id',
    parameters: {},
    handler: ({ engine, ids }) => getPromotionCode(engine, ids[0]!),
  },
  {
    method: 'POST',
    path: '/v1/promotion_codes/:id',
    parameters: { active: bool(), metadata },
    handler: ({ engine, ids, params }) =>
      updatePromotionCode(engine, ids[0]!, {
        active: params.bool('active'),
        metadata: params.meta(),
      }),
  },
  {
    method: 'GET',
    path: '/v1/promotion_codes',
    parameters: {
      ...PAGINATION,
      created: range,
      active: bool(),
      code: str(),
      coupon: str(),
      customer: str(),
    },
    handler: ({ engine, params }) => {
      const active = params.bool('active');
      const code = params.str('code')?.toLowerCase();
      const coupon = params.str('coupon');
      const customer = params.str('customer');
      const items = createdFilter(valuesOf(engine.state.promotionCodes), params).filter(
        (p) =>
          (active === undefined || p.active === active) &&
          (!code || p.code.toLowerCase() === code) &&
          (!coupon || promoCoupon(p) === coupon) &&
          (!customer || idOf(p.customer as string | null) === customer),
      );
      return paginate(items, params, '/v1/promotion_codes');
    },
  },
];
