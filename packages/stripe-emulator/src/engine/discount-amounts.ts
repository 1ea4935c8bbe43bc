import type Stripe from 'stripe';
import type { Engine } from './context.js';
import { couponOf } from './coupons.js';
import { idOf } from './util.js';

/** A line as discounts see it. */
export interface Discountable {
  amount: number;
  product: string | null;
  discountable: boolean;
  /**
   * Proration lines carry their discount already (flexible billing mode's default
   * `proration_discounts: included`): listed with amount 0, never discounted again.
   */
  proration: boolean;
}

/** What each discount takes off each line: `amounts[line][discount]`. */
export interface Allocation {
  amounts: number[][];
  totals: number[];
}

/** Splits `total` over `weights` in proportion, whole minor units, remainders to the largest parts. */
function split(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact
    .map((e, i) => ({ i, frac: e - Math.floor(e) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    out[i]! += 1;
    left -= 1;
  }
  return out;
}

const applies = (coupon: Stripe.Coupon, product: string | null) =>
  !coupon.applies_to || (product !== null && coupon.applies_to.products.includes(product));

/**
 * Applies `discounts` in order, each to what the lines still come to after the ones before:
 * `percent_off` takes its share of each eligible line (rounded per line), `amount_off` takes up
 * to its amount from the eligible lines together, split in proportion.
 */
export function allocate(
  engine: Engine,
  lines: readonly Discountable[],
  discounts: readonly Stripe.Discount[],
  currency: string,
): Allocation {
  const amounts = lines.map(() => discounts.map(() => 0));
  const remaining = lines.map((l) => l.amount);
  const totals = discounts.map((d, j) => {
    const coupon = couponOf(engine, idOf(d.source.coupon as string)!);
    const eligible = lines
      .map((_, i) => i)
      .filter((i) => {
        const l = lines[i]!;
        return l.discountable && !l.proration && remaining[i]! > 0 && applies(coupon, l.product);
      });
    let parts: number[];
    if (coupon.percent_off !== null) {
      parts = eligible.map((i) => Math.round((remaining[i]! * coupon.percent_off!) / 100));
    } else {
      const base = eligible.map((i) => remaining[i]!);
      const off =
        coupon.currency === currency
          ? Math.min(
              coupon.amount_off ?? 0,
              base.reduce((a, b) => a + b, 0),
            )
          : 0;
      parts = split(off, base);
    }
    eligible.forEach((i, k) => {
      amounts[i]![j] = parts[k]!;
      remaining[i]! -= parts[k]!;
    });
    return parts.reduce((a, b) => a + b, 0);
  });
  return { amounts, totals };
}

/** What `lines` come to after `discounts` (one net amount per line). */
export function netAmounts(
  engine: Engine,
  lines: readonly Discountable[],
  discounts: readonly Stripe.Discount[],
  currency: string,
): number[] {
  const { amounts } = allocate(engine, lines, discounts, currency);
  return lines.map((l, i) => l.amount - amounts[i]!.reduce((a, b) => a + b, 0));
}
