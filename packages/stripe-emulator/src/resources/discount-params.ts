import type { DiscountSpec } from '../engine/discounts.js';
import { objects, type Reader } from '../http/params.js';
import { array, hash, str } from '../http/schema.js';

/** A `discounts[]` parameter: each entry one coupon, promotion code or existing discount. */
export const DISCOUNTS = array(
  hash(
    { coupon: str(), promotion_code: str(), discount: str() },
    { exclusive: [['coupon', 'promotion_code', 'discount']] },
  ),
  { note: "each entry one of coupon / promotion_code / discount; '' removes all" },
);

/** Reads a `discounts[]` parameter; `''` (remove all) stays `''`. */
export function discountSpecs(p: Reader, key = 'discounts'): DiscountSpec[] | '' | undefined {
  if (p.raw[key] === '') return '';
  return objects(p, key)?.map((d) => ({
    coupon: d.str('coupon'),
    promotion_code: d.str('promotion_code'),
    discount: d.str('discount'),
  }));
}
