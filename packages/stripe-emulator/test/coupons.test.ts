/** Coupons and promotion codes: the objects, and the refusals Stripe gives when redeeming them. */
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { customerWithCard, DAY, useHarness } from './helpers.js';

const h = useHarness();

const subscribe = (customer: string, discounts: Stripe.SubscriptionCreateParams.Discount[]) =>
  h.stripe.subscriptions.create({
    customer,
    items: [{ price: h.monthly.id }],
    discounts,
    expand: ['latest_invoice'],
  });

describe('coupons', () => {
  it('creates, lists, updates and deletes coupons with Stripe’s fields', async () => {
    const coupon = await h.stripe.coupons.create({
      id: 'SPRING12',
      percent_off: 12.5,
      duration: 'repeating',
      duration_in_months: 3,
      name: 'Spring',
    });
    expect(coupon).toMatchObject({
      id: 'SPRING12',
      object: 'coupon',
      percent_off: 12.5,
      amount_off: null,
      duration: 'repeating',
      duration_in_months: 3,
      times_redeemed: 0,
      valid: true,
    });
    expect((await h.stripe.coupons.list()).data.map((c) => c.id)).toContain('SPRING12');
    expect((await h.stripe.coupons.update('SPRING12', { name: 'Spring sale' })).name).toBe(
      'Spring sale',
    );
    expect(await h.stripe.coupons.del('SPRING12')).toMatchObject({ deleted: true });
    await expect(h.stripe.coupons.retrieve('SPRING12')).rejects.toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
    });
  });

  it('refuses coupons Stripe refuses', async () => {
    await expect(h.stripe.coupons.create({ amount_off: 500 })).rejects.toMatchObject({
      code: 'parameter_missing',
      param: 'currency',
    });
    await expect(
      h.stripe.coupons.create({ percent_off: 10, duration: 'repeating' }),
    ).rejects.toMatchObject({ param: 'duration_in_months' });
    await expect(
      h.stripe.coupons.create({ percent_off: 10, amount_off: 5, currency: 'usd' }),
    ).rejects.toMatchObject({ code: 'parameters_exclusive' });
  });

  it('stops redeeming at max_redemptions and after redeem_by (valid turns false)', async () => {
    const now = h.emulator.clock.now();
    const coupon = await h.stripe.coupons.create({ percent_off: 10, max_redemptions: 1 });
    const customer = await customerWithCard(h.stripe);
    await subscribe(customer.id, [{ coupon: coupon.id }]);
    expect(await h.stripe.coupons.retrieve(coupon.id)).toMatchObject({
      times_redeemed: 1,
      valid: false,
    });
    await expect(subscribe(customer.id, [{ coupon: coupon.id }])).rejects.toMatchObject({
      code: 'coupon_expired',
      param: 'discounts[0][coupon]',
    });
    const dated = await h.stripe.coupons.create({ percent_off: 10, redeem_by: now + DAY });
    h.emulator.clock.advance(2 * DAY);
    expect((await h.stripe.coupons.retrieve(dated.id)).valid).toBe(false);
    await expect(subscribe(customer.id, [{ coupon: dated.id }])).rejects.toMatchObject({
      code: 'coupon_expired',
    });
  });
});

describe('promotion codes', () => {
  it('creates a code for a coupon and finds it by code', async () => {
    const coupon = await h.stripe.coupons.create({ percent_off: 20, duration: 'forever' });
    const promo = await h.stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: coupon.id },
      code: 'TEAM20',
      restrictions: { minimum_amount: 500, minimum_amount_currency: 'usd' },
    });
    expect(promo).toMatchObject({
      object: 'promotion_code',
      code: 'TEAM20',
      active: true,
      promotion: { type: 'coupon', coupon: coupon.id },
      restrictions: {
        first_time_transaction: false,
        minimum_amount: 500,
        minimum_amount_currency: 'usd',
      },
    });
    const found = await h.stripe.promotionCodes.list({
      code: 'team20',
      active: true,
      expand: ['data.promotion.coupon'],
    });
    expect(found.data).toHaveLength(1);
    expect((found.data[0]!.promotion.coupon as Stripe.Coupon).percent_off).toBe(20);
    await expect(
      h.stripe.promotionCodes.create({
        promotion: { type: 'coupon', coupon: coupon.id },
        code: 'TEAM20',
      }),
    ).rejects.toMatchObject({ param: 'code' });
  });

  it('refuses inactive, expired, exhausted, other-customer, too-small and not-first-time redemptions', async () => {
    const coupon = await h.stripe.coupons.create({ percent_off: 10, duration: 'forever' });
    const promotion = { type: 'coupon' as const, coupon: coupon.id };
    const customer = await customerWithCard(h.stripe);
    const other = await customerWithCard(h.stripe);
    const now = h.emulator.clock.now();
    const cases: Array<[Stripe.PromotionCodeCreateParams, RegExp, string?]> = [
      [{ promotion, active: false }, /inactive/],
      [{ promotion, expires_at: now + 60 }, /expired/, 'coupon_expired'],
      [{ promotion, customer: other.id }, /another customer/],
      [
        { promotion, restrictions: { minimum_amount: 5000, minimum_amount_currency: 'usd' } },
        /minimum amount of \$50\.00/,
      ],
    ];
    const codes = await Promise.all(cases.map(([p]) => h.stripe.promotionCodes.create(p)));
    h.emulator.clock.advance(120);
    for (const [i, [, message, code]] of cases.entries()) {
      await expect(
        subscribe(customer.id, [{ promotion_code: codes[i]!.id }]),
      ).rejects.toMatchObject({
        type: 'StripeInvalidRequestError',
        param: 'discounts[0][promotion_code]',
        message: expect.stringMatching(message),
        ...(code ? { code } : {}),
      });
    }
    const once = await h.stripe.promotionCodes.create({ promotion, max_redemptions: 1 });
    await subscribe(customer.id, [{ promotion_code: once.id }]);
    expect((await h.stripe.promotionCodes.retrieve(once.id)).times_redeemed).toBe(1);
    await expect(subscribe(customer.id, [{ promotion_code: once.id }])).rejects.toMatchObject({
      code: 'coupon_expired',
    });
    const first = await h.stripe.promotionCodes.create({
      promotion,
      restrictions: { first_time_transaction: true },
    });
    await expect(subscribe(customer.id, [{ promotion_code: first.id }])).rejects.toMatchObject({
      message: expect.stringMatching(/prior transactions/),
    });
    const newcomer = await customerWithCard(h.stripe);
    const sub = await subscribe(newcomer.id, [{ promotion_code: first.id }]);
    expect((sub.latest_invoice as Stripe.Invoice).total).toBe(900);
  });
});
