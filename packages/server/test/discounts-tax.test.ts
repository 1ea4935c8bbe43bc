import { definePlans, type Preview, type ResumePreview } from '@tollgate/core';
import { completeCheckout } from '@tollgate/stripe-emulator/engine/index';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog as appCatalog, get, makeBilling, post } from '../../../test/app';
import { pglite, type TestDb } from '../../../test/database';
import { createStore } from '../src/store/store';
import { DAY, type Stack, startStack } from './helpers/stack';

/** The test app's plans (tax-exclusive prices) plus Team at $12 a seat, 2 to 20 seats. */
const catalog = definePlans([
  ...appCatalog.plans.map((plan) => ({
    ...plan,
    prices: Object.fromEntries(
      Object.entries(plan.prices).map(([interval, ref]) => [
        interval,
        {
          ...ref,
          lookupKey: `tax_${'lookupKey' in ref ? ref.lookupKey : ''}`,
          taxBehavior: 'exclusive' as const,
        },
      ]),
    ),
  })),
  {
    key: 'team',
    name: 'Team',
    rank: 10,
    seats: { min: 2, max: 20 },
    prices: {
      month: {
        lookupKey: 'tax_team_month',
        amount: 1200,
        currency: 'usd',
        taxBehavior: 'exclusive',
      },
    },
  },
]);
const checkout = {
  promotionCode: 'LAUNCH20',
  automaticTax: true,
  taxIdCollection: true,
  billingAddress: 'required' as const,
};

let t: TestDb;
let s: Stack;
beforeAll(async () => {
  t = await pglite('discounts');
  s = await startStack(t, { config: { catalog, checkout } });
  const launch = await s.stripe.coupons.create({
    name: 'Launch 20%',
    percent_off: 20,
    duration: 'repeating',
    duration_in_months: 3,
  });
  await s.stripe.promotionCodes.create({
    code: 'LAUNCH20',
    promotion: { type: 'coupon', coupon: launch.id },
  });
  const teamOnly = await s.stripe.coupons.create({
    name: 'Teams',
    amount_off: 500,
    currency: 'usd',
    duration: 'forever',
    applies_to: { products: ['tollgate_team'] },
  });
  await s.stripe.promotionCodes.create({
    code: 'TEAM5',
    promotion: { type: 'coupon', coupon: teamOnly.id },
  });
}, 90_000);
afterAll(async () => {
  await s?.close();
  await t?.close();
});

const json = async <T>(res: Response) => (await res.json()) as T;

async function subscriptionOf(user: string): Promise<Stripe.Subscription> {
  const customer = (await createStore(t.db, t.schema).customerForUser(user))!.customerId!;
  return (await s.stripe.subscriptions.list({ customer, status: 'all' })).data[0]!;
}

/** A previewed invoice with LAUNCH20's 20 % off and Germany's 19 % added (the emulator's table). */
function expectLaunchAndVat(preview: Preview | ResumePreview, off: number, vat: number) {
  expect(preview.discounts).toEqual([
    { amount: off, discount: expect.objectContaining({ code: 'LAUNCH20', percentOff: 20 }) },
  ]);
  expect(preview.taxes).toEqual([
    { amount: vat, inclusive: false, label: expect.any(String), percentage: 19 },
  ]);
}

async function buy(user: string, body: object, country = 'DE') {
  const res = await s.billing.handler(post('/checkout', body, user));
  const { url } = await json<{ url: string }>(res);
  const id = url.split('/').pop()!;
  completeCheckout(
    s.emulator.engine,
    id,
    { paymentMethod: 'pm_card_visa' },
    {
      address: { country },
      taxId: { type: 'eu_vat', value: 'DE123456789' },
    },
  );
  await s.settle();
  return s.stripe.checkout.sessions.retrieve(id);
}

describe('promotion codes and tax at checkout', { timeout: 60_000 }, () => {
  it('shows the code on offer on every plan it applies to', async () => {
    const plans = await json<{ plans: { key: string; discount?: unknown }[] }>(
      await s.billing.handler(get('/plans', null)),
    );
    const offered = plans.plans.filter((p) => p.discount).map((p) => p.key);
    expect(offered).toEqual(['pro', 'business', 'team']);
    expect(plans.plans.find((p) => p.key === 'pro')!.discount).toEqual({
      name: 'Launch 20%',
      code: 'LAUNCH20',
      percentOff: 20,
      amountOff: null,
      currency: null,
      duration: 'repeating',
      durationInMonths: 3,
      endsAt: null,
    });
  });

  it('applies the code on offer with automatic tax, tax IDs and the billing address; the status shows the discount', async () => {
    const session = await buy('tax-de', { plan: 'business', interval: 'month' });
    expect(session).toMatchObject({
      automatic_tax: { enabled: true },
      tax_id_collection: { enabled: true },
      billing_address_collection: 'required',
    });
    const subscription = await s.stripe.subscriptions.retrieve(
      (await subscriptionOf('tax-de')).id,
      { expand: ['latest_invoice'] },
    );
    const invoice = subscription.latest_invoice as Stripe.Invoice;
    // $50 less 20 %, then Germany's 19 % in the emulator's table.
    expect(invoice.total_excluding_tax).toBe(4000);
    expect(invoice.amount_paid).toBe(4760);
    const status = await s.status('tax-de');
    expect(status.discount).toMatchObject({
      code: 'LAUNCH20',
      percentOff: 20,
      duration: 'repeating',
      durationInMonths: 3,
    });
    expect(Date.parse((status.discount as { endsAt: string }).endsAt)).toBeGreaterThan(
      Date.parse('2026-05-31'),
    );
    // The pricing table's current card shows the same discount.
    const plans = await json<{ current: { discount?: unknown } }>(
      await s.billing.handler(get('/plans', 'tax-de')),
    );
    expect(plans.current.discount).toEqual(status.discount);
  });

  it('refuses a code Stripe does not know, and one whose coupon is for another product, with what to do', async () => {
    for (const [promotionCode, message] of [
      [
        'NOPE',
        'The promotion code "NOPE" is not valid — check the spelling, or continue without one.',
      ],
      [
        'TEAM5',
        'The promotion code "TEAM5" does not apply to Business — choose another plan, or continue without it.',
      ],
    ]) {
      const res = await s.billing.handler(
        post('/checkout', { plan: 'business', interval: 'month', promotionCode }, 'tax-bad'),
      );
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: { code: 'INVALID_PROMOTION_CODE', message } });
    }
  });

  it("lets customers type a code on Stripe's page when allowPromotionCodes is set", async () => {
    const own = makeBilling({
      stripe: s.stripe,
      store: t.db,
      schema: t.schema,
      catalog,
      checkout: { allowPromotionCodes: true },
    });
    const res = await own.handler(
      post('/checkout', { plan: 'team', interval: 'month', seats: 3 }, 'tax-typed'),
    );
    const id = (await json<{ url: string }>(res)).url.split('/').pop()!;
    const session = await s.stripe.checkout.sessions.retrieve(id);
    expect(session.allow_promotion_codes).toBe(true);
    expect(session.discounts ?? []).toEqual([]);
    completeCheckout(
      s.emulator.engine,
      id,
      { paymentMethod: 'pm_card_visa' },
      { promotionCode: 'TEAM5' },
    );
    await s.settle();
    const invoice = (
      await s.stripe.subscriptions.retrieve((await subscriptionOf('tax-typed')).id, {
        expand: ['latest_invoice'],
      })
    ).latest_invoice as Stripe.Invoice;
    expect(invoice.amount_paid).toBe(3 * 1200 - 500);
  });
});

describe('previews with discounts and tax are what Stripe bills', { timeout: 60_000 }, () => {
  it('a downgrade at period end: the preview shows the discount and tax, and the renewal bills its total', async () => {
    await buy('tax-down', { plan: 'business', interval: 'month' });
    await s.advance(12 * DAY);
    const preview = await json<Preview>(
      await s.billing.handler(post('/preview', { plan: 'pro', interval: 'month' }, 'tax-down')),
    );
    expect(preview).toMatchObject({
      kind: 'downgrade',
      effective: 'period_end',
      amountDue: 0,
      subtotal: 2000,
    });
    expectLaunchAndVat(preview, 400, 304);
    expect(preview.nextBillAmount).toBe(1904);
    await s.billing.handler(post('/change', { plan: 'pro', interval: 'month' }, 'tax-down'));
    const id = (await subscriptionOf('tax-down')).id;
    await s.advanceTo(Date.parse(preview.nextBillDate) / 1000 + 2 * 3600);
    const invoice = (await s.stripe.subscriptions.retrieve(id, { expand: ['latest_invoice'] }))
      .latest_invoice as Stripe.Invoice;
    expect(invoice.amount_due).toBe(preview.nextBillAmount);
  });

  it('more seats now, across random seat counts, with the discount and tax: billed == previewed', async () => {
    await buy(
      'tax-seats',
      { plan: 'team', interval: 'month', seats: 2, promotionCode: 'TEAM5' },
      'FR',
    );
    let seats = 2;
    let x = 11;
    for (let round = 0; round < 3; round += 1) {
      x = (x * 48271) % 2147483647;
      seats = Math.min(20, seats + 1 + (x % 5));
      await s.advance(4 * DAY + 977);
      const { preview } = await s.previewThenChange('tax-seats', {
        plan: 'team',
        interval: 'month',
        seats,
      });
      expect(preview.taxes[0]).toMatchObject({ inclusive: false, percentage: 20 });
      expect(preview.total).toBe(
        preview.subtotal -
          preview.discounts.reduce((t, d) => t + d.amount, 0) +
          preview.taxes[0]!.amount,
      );
      const sub = await s.stripe.subscriptions.retrieve((await subscriptionOf('tax-seats')).id, {
        expand: ['latest_invoice'],
      });
      expect(sub.items.data[0]!.quantity).toBe(seats);
      expect((sub.latest_invoice as Stripe.Invoice).amount_paid, `${seats} seats`).toBe(
        preview.amountDue,
      );
    }
    const next = await json<Preview>(
      await s.billing.handler(
        post('/preview', { plan: 'team', interval: 'month', seats: 2 }, 'tax-seats'),
      ),
    );
    expect(next.nextBillAmount).toBe(Math.round((2 * 1200 - 500) * 1.2));
  });
});

describe('the preview of a resume is what the next invoice bills', { timeout: 60_000 }, () => {
  /** Resumes after `preview` was shown, then bills the renewal: its invoice must be the preview. */
  async function resumeAndRenew(user: string, preview: ResumePreview) {
    const resumed = await s.billing.handler(post('/resume', { undo: preview.undo }, user));
    expect(resumed.status).toBe(200);
    const id = (await subscriptionOf(user)).id;
    await s.advanceTo(Date.parse(preview.nextBillDate) / 1000 + 2 * 3600);
    const sub = await s.stripe.subscriptions.retrieve(id, { expand: ['latest_invoice'] });
    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect(invoice.billing_reason).toBe('subscription_cycle');
    expect(invoice.amount_due).toBe(preview.nextBillAmount);
    expect(invoice.total).toBe(preview.total);
    expect(invoice.subtotal).toBe(preview.subtotal);
    expect(invoice.lines.data.map((line) => line.amount)).toEqual(
      preview.lines.map((line) => line.amount),
    );
  }

  it('keeping the plan instead of a scheduled downgrade: the discount and tax of the plan kept', async () => {
    await buy('resume-down', { plan: 'business', interval: 'month' });
    await s.advance(9 * DAY);
    await s.billing.handler(post('/change', { plan: 'pro', interval: 'month' }, 'resume-down'));
    const res = await s.billing.handler(post('/preview', { kind: 'resume' }, 'resume-down'));
    expect(res.status).toBe(200);
    const preview = await json<ResumePreview>(res);
    // Business at $50 less LAUNCH20's 20 %, then Germany's 19 %; nothing is charged today.
    expect(preview).toMatchObject({
      kind: 'resume',
      undo: 'all',
      plan: 'business',
      interval: 'month',
      seats: 1,
      subtotal: 5000,
      total: 4760,
      amountDue: 0,
      nextBillAmount: 4760,
    });
    expectLaunchAndVat(preview, 1000, 760);
    expect(preview.nextBillDate).toBe((await s.status('resume-down')).currentPeriodEnd);
    await resumeAndRenew('resume-down', preview);
  });

  it('keeping today’s seats instead of fewer at period end, with an amount-off coupon and French tax', async () => {
    await buy(
      'resume-seats',
      { plan: 'team', interval: 'month', seats: 7, promotionCode: 'TEAM5' },
      'FR',
    );
    await s.advance(5 * DAY);
    await s.billing.handler(
      post('/change', { plan: 'team', interval: 'month', seats: 3 }, 'resume-seats'),
    );
    const preview = await json<ResumePreview>(
      await s.billing.handler(
        post('/preview', { kind: 'resume', undo: 'scheduled_change' }, 'resume-seats'),
      ),
    );
    expect(preview).toMatchObject({ plan: 'team', seats: 7, subtotal: 7 * 1200 });
    expect(preview.nextBillAmount).toBe(Math.round((7 * 1200 - 500) * 1.2));
    await resumeAndRenew('resume-seats', preview);
  });

  it('undoing a cancellation previews the renewal it brings back', async () => {
    await buy('resume-cancel', { plan: 'pro', interval: 'month' });
    await s.advance(3 * DAY);
    await s.billing.handler(post('/cancel', {}, 'resume-cancel'));
    const preview = await json<ResumePreview>(
      await s.billing.handler(
        post('/preview', { kind: 'resume', undo: 'cancellation' }, 'resume-cancel'),
      ),
    );
    expect(preview).toMatchObject({ kind: 'resume', undo: 'cancellation', plan: 'pro' });
    expect(preview.discounts).toHaveLength(1);
    expect(preview.taxes[0]).toMatchObject({ percentage: 19 });
    await resumeAndRenew('resume-cancel', preview);
  });

  it('a change at period end waits for a cancellation to be undone: 409 saying so, nothing attached', async () => {
    await buy('cancel-then-down', { plan: 'business', interval: 'month' });
    await s.advance(3 * DAY);
    await s.billing.handler(post('/cancel', {}, 'cancel-then-down'));
    const ends = (await s.status('cancel-then-down')).currentPeriodEnd!.slice(0, 10);
    for (const route of ['/preview', '/change']) {
      const res = await s.billing.handler(
        post(route, { plan: 'pro', interval: 'month' }, 'cancel-then-down'),
      );
      expect(await res.json()).toEqual({
        error: {
          code: 'PLAN_UNCHANGED',
          message: `Your subscription ends on ${ends} — resume it first, then schedule this change for the end of the period.`,
        },
      });
    }
    expect((await subscriptionOf('cancel-then-down')).schedule).toBeNull();
    const preview = await json<ResumePreview>(
      await s.billing.handler(post('/preview', { kind: 'resume' }, 'cancel-then-down')),
    );
    expect(preview).toMatchObject({ plan: 'business', subtotal: 5000 });
    await resumeAndRenew('cancel-then-down', preview);
  });

  it('refuses to preview a resume with nothing to undo, and a body mixing both kinds', async () => {
    await buy('resume-none', { plan: 'business', interval: 'month' });
    // Previewing a downgrade attaches a schedule that changes nothing: still nothing to resume.
    const looked = await s.billing.handler(
      post('/preview', { plan: 'pro', interval: 'month' }, 'resume-none'),
    );
    expect(looked.status).toBe(200);
    expect((await s.status('resume-none')).pendingChange).toBeNull();
    const none = await s.billing.handler(post('/preview', { kind: 'resume' }, 'resume-none'));
    expect(none.status).toBe(409);
    expect(await none.json()).toEqual({
      error: {
        code: 'PLAN_UNCHANGED',
        message:
          'Nothing to resume: your subscription has no scheduled change or pending cancellation — it renews as it is.',
      },
    });
    const mixed = await s.billing.handler(
      post('/preview', { kind: 'resume', plan: 'pro', interval: 'month' }, 'resume-none'),
    );
    expect(mixed.status).toBe(400);
    expect(await mixed.json()).toMatchObject({
      error: {
        code: 'INVALID_REQUEST',
        message:
          'The body has fields this request does not take: "plan", "interval" — remove them.',
      },
    });
  });
});
