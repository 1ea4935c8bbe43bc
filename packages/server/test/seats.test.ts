import { definePlans, type Preview } from '@tollgate/core';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog as appCatalog, post } from '../../../test/app';
import { pglite, type TestDb } from '../../../test/database';
import { createStore } from '../src/store/store';
import { DAY, type Stack, startStack } from './helpers/stack';

/** The test app's plans plus Team: $12 a seat a month, 2 to 20 seats, 5 projects per seat. */
const catalog = definePlans([
  ...appCatalog.plans,
  {
    key: 'team',
    name: 'Team',
    rank: 10,
    entitlements: { projects: 0, api: true },
    seats: { min: 2, max: 20, perSeat: { projects: 5 } },
    prices: {
      month: { lookupKey: 'tg_team_month', amount: 1200, currency: 'usd' },
      year: { lookupKey: 'tg_team_year', amount: 12000, currency: 'usd' },
    },
  },
]);

let t: TestDb;
let s: Stack;
beforeAll(async () => {
  t = await pglite('seats');
  s = await startStack(t, { config: { catalog } });
}, 90_000);
afterAll(async () => {
  await s?.close();
  await t?.close();
});

const json = async <T>(res: Response) => (await res.json()) as T;
const preview = (user: string, body: object) =>
  s.billing.handler(post('/preview', body, user)).then((res) => json<Preview>(res));
const change = (user: string, body: object) =>
  s.billing.handler(post('/change', body, user)).then((res) => json<Record<string, unknown>>(res));

async function subscriptionOf(user: string): Promise<Stripe.Subscription> {
  const customer = (await createStore(t.db, t.schema).customerForUser(user))!.customerId!;
  const list = await s.stripe.subscriptions.list({
    customer,
    status: 'all',
    expand: ['data.schedule'],
  });
  return list.data[0]!;
}

async function subscribeTeam(user: string, seats: number) {
  const res = await s.billing.handler(
    post('/checkout', { plan: 'team', interval: 'month', seats }, user),
  );
  const { url } = await json<{ url: string }>(res);
  const { completeCheckout } = await import('@tollgate/stripe-emulator/engine/index');
  completeCheckout(s.emulator.engine, url.split('/').pop()!, { paymentMethod: 'pm_card_visa' });
  await s.settle();
}

/** A small deterministic generator, so a failure names the seat counts it saw. */
function counts(seed: number, n: number, min: number, max: number): number[] {
  let x = seed;
  return Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return min + (x % (max - min + 1));
  });
}

describe('per-seat plans against the emulator', { timeout: 60_000 }, () => {
  it('checks out the chosen seats; the status carries them and scales entitlements', async () => {
    await subscribeTeam('seat-co', 4);
    expect((await subscriptionOf('seat-co')).items.data[0]!.quantity).toBe(4);
    expect(await s.status('seat-co')).toMatchObject({
      plan: 'team',
      seats: 4,
      entitlements: { projects: 20, api: true },
    });
    const plans = await json<{ current: unknown; plans: { key: string; seats?: unknown }[] }>(
      await s.billing.handler(
        new Request('https://app.example.test/api/billing/plans', {
          headers: { 'x-test-user': 'seat-co' },
        }),
      ),
    );
    expect(plans.current).toEqual({ plan: 'team', interval: 'month', seats: 4 });
    expect(plans.plans.find((p) => p.key === 'team')?.seats).toEqual({
      min: 2,
      max: 20,
      included: 0,
    });
  });

  it('refuses seat counts outside the plan, and seats on a plan not sold per seat', async () => {
    for (const [body, message] of [
      [
        { plan: 'team', interval: 'month', seats: 21 },
        'Team takes 2 to 20 seats — you asked for 21.',
      ],
      [
        { plan: 'team', interval: 'month', seats: 1 },
        'Team takes 2 to 20 seats — you asked for 1.',
      ],
      [
        { plan: 'pro', interval: 'month', seats: 3 },
        'Pro is not sold per seat — leave seats out (or send 1).',
      ],
    ] as const) {
      const res = await s.billing.handler(post('/checkout', body, 'seat-bad'));
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        error: { code: 'INVALID_SEATS', message, details: expect.any(Object) },
      });
    }
    const tooMany = await s.billing.handler(
      post('/preview', { plan: 'team', interval: 'month', seats: 10001 }, 'seat-co'),
    );
    expect(tooMany.status).toBe(400);
    expect(await json<{ error: unknown }>(tooMany)).toMatchObject({
      error: { code: 'INVALID_REQUEST', message: 'Invalid "seats": expected at most 10000.' },
    });
  });

  it('bills exactly the previewed amount for more seats now, across random seat counts', async () => {
    await subscribeTeam('seat-up', 2);
    let seats = 2;
    for (const more of counts(7, 3, 1, 5)) {
      await s.advance(3 * DAY + 3600);
      seats = Math.min(20, seats + more);
      const { preview: shown, change: done } = await s.previewThenChange('seat-up', {
        plan: 'team',
        interval: 'month',
        seats,
      });
      expect(shown).toMatchObject({ kind: 'seats', effective: 'now', seats });
      expect(shown.amountDue).toBeGreaterThan(0);
      expect(done).toMatchObject({ outcome: 'applied', status: { seats } });
      const sub = await s.stripe.subscriptions.retrieve((await subscriptionOf('seat-up')).id, {
        expand: ['latest_invoice'],
      });
      expect(sub.items.data[0]!.quantity).toBe(seats);
      expect((sub.latest_invoice as Stripe.Invoice).amount_paid, `${seats} seats`).toBe(
        shown.amountDue,
      );
    }
  });

  it('schedules fewer seats for period end; the renewal bills what the preview showed', async () => {
    await subscribeTeam('seat-down', 9);
    await s.advance(10 * DAY);
    const shown = await preview('seat-down', { plan: 'team', interval: 'month', seats: 5 });
    expect(shown).toMatchObject({ kind: 'seats', effective: 'period_end', seats: 5, amountDue: 0 });
    expect(shown.nextBillAmount).toBe(5 * 1200);
    const done = await change('seat-down', { plan: 'team', interval: 'month', seats: 5 });
    expect(done).toMatchObject({
      outcome: 'scheduled',
      status: { seats: 9, pendingChange: { source: 'schedule', plan: 'team', seats: 5 } },
    });
    const before = await subscriptionOf('seat-down');
    await s.advanceTo(Date.parse(shown.nextBillDate) / 1000 + 2 * 3600);
    const after = await s.stripe.subscriptions.retrieve(before.id, { expand: ['latest_invoice'] });
    expect(after.items.data[0]!.quantity).toBe(5);
    expect((after.latest_invoice as Stripe.Invoice).amount_due).toBe(shown.nextBillAmount);
    expect(await s.status('seat-down')).toMatchObject({ seats: 5, pendingChange: null });
  });

  it('previews year → month with fewer seats through the schedule; the first monthly invoice bills it', async () => {
    const res = await s.billing.handler(
      post('/checkout', { plan: 'team', interval: 'year', seats: 6 }, 'seat-yearly'),
    );
    const { url } = await json<{ url: string }>(res);
    const { completeCheckout } = await import('@tollgate/stripe-emulator/engine/index');
    completeCheckout(s.emulator.engine, url.split('/').pop()!, { paymentMethod: 'pm_card_visa' });
    await s.settle();
    await s.advance(40 * DAY);
    const shown = await preview('seat-yearly', { plan: 'team', interval: 'month', seats: 4 });
    expect(shown).toMatchObject({
      kind: 'interval_change',
      effective: 'period_end',
      seats: 4,
      amountDue: 0,
    });
    expect(shown.lines).toEqual([
      expect.objectContaining({ kind: 'subscription', amount: 4 * 1200 }),
    ]);
    expect(shown.lines[0]!.periodStart).toBe(shown.nextBillDate);
    await change('seat-yearly', { plan: 'team', interval: 'month', seats: 4 });
    const id = (await subscriptionOf('seat-yearly')).id;
    await s.advanceTo(Date.parse(shown.nextBillDate) / 1000 + 2 * 3600);
    const after = await s.stripe.subscriptions.retrieve(id, { expand: ['latest_invoice'] });
    expect(after.items.data[0]!.quantity).toBe(4);
    expect((after.latest_invoice as Stripe.Invoice).amount_due).toBe(shown.nextBillAmount);
    expect(await s.status('seat-yearly')).toMatchObject({ interval: 'month', seats: 4 });
  });

  it('moves from a plan sold as one unit to Team with seats as an upgrade billed as previewed', async () => {
    await s.subscribe('seat-pro', 'pro', 'month');
    await s.advance(16 * DAY);
    const { preview: shown } = await s.previewThenChange('seat-pro', {
      plan: 'team',
      interval: 'month',
      seats: 3,
    });
    expect(shown).toMatchObject({ kind: 'upgrade', effective: 'now', seats: 3 });
    const sub = await s.stripe.subscriptions.retrieve((await subscriptionOf('seat-pro')).id, {
      expand: ['latest_invoice'],
    });
    expect((sub.latest_invoice as Stripe.Invoice).amount_paid).toBe(shown.amountDue);
    expect(await s.status('seat-pro')).toMatchObject({
      plan: 'team',
      seats: 3,
      entitlements: { projects: 15 },
    });
  });
});

describe('setSeats from the app', { timeout: 60_000 }, () => {
  it('adds seats now once per idempotency key, schedules fewer, and drops the schedule for the same count', async () => {
    await subscribeTeam('seat-app', 3);
    await s.advance(5 * DAY);
    const invoices = async () =>
      (await s.stripe.invoices.list({ subscription: (await subscriptionOf('seat-app')).id })).data
        .length;
    const before = await invoices();
    const up = await s.billing.setSeats('seat-app', 6, { idempotencyKey: 'org-1:v2' });
    const again = await s.billing.setSeats('seat-app', 6, { idempotencyKey: 'org-1:v2' });
    expect(up).toMatchObject({ outcome: 'applied', status: { seats: 6 } });
    expect(again).toMatchObject({ outcome: 'applied', status: { seats: 6 } });
    expect(await invoices()).toBe(before + 1);

    const down = await s.billing.setSeats('seat-app', 4, { idempotencyKey: 'org-1:v3' });
    expect(down).toMatchObject({
      outcome: 'scheduled',
      status: { seats: 6, pendingChange: { seats: 4 } },
    });
    const back = await s.billing.setSeats('seat-app', 6, { idempotencyKey: 'org-1:v4' });
    expect(back).toMatchObject({ outcome: 'applied', status: { seats: 6, pendingChange: null } });
    expect((await subscriptionOf('seat-app')).schedule).toBeNull();
  });

  it('regression: fewer seats on a subscription set to end is refused saying to resume first, not reported applied with the old count', async () => {
    await subscribeTeam('seat-leaving', 6);
    await s.billing.handler(post('/cancel', {}, 'seat-leaving'));
    const ends = (await s.status('seat-leaving')).currentPeriodEnd!.slice(0, 10);
    await expect(
      s.billing.setSeats('seat-leaving', 4, { idempotencyKey: 'org-9:v2' }),
    ).rejects.toMatchObject({
      code: 'PLAN_UNCHANGED',
      message: `Your subscription ends on ${ends} — resume it first, then schedule this change for the end of the period.`,
    });
    const subscription = await subscriptionOf('seat-leaving');
    expect(subscription.items.data[0]!.quantity).toBe(6);
    expect(subscription.schedule).toBeNull();
  });

  it('refuses counts outside the plan and users without a subscription', async () => {
    await expect(s.billing.setSeats('seat-app', 25, { idempotencyKey: 'k' })).rejects.toMatchObject(
      {
        code: 'INVALID_SEATS',
      },
    );
    await expect(s.billing.setSeats('nobody', 3, { idempotencyKey: 'k' })).rejects.toMatchObject({
      code: 'NO_SUBSCRIPTION',
    });
  });
});
