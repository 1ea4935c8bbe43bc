import { describe, expect, it } from 'vitest';
import { deriveBillingState } from '../billing/derive';
import { priceForSeats } from '../billing/seat-price';
import type { BillingError } from '../contract/errors';
import { billingSnapshot, subscriptionSnapshot } from '../fixtures/snapshots';
import { definePlans, type PlanInput } from './define-plans';
import { checkSeats, seatEntitlements } from './seats';

const team = (extra: Partial<PlanInput> = {}): PlanInput => ({
  key: 'team',
  name: 'Team',
  entitlements: { projects: 2, api: true },
  seats: { min: 2, max: 50, perSeat: { projects: 5 } },
  prices: { month: { lookupKey: 'team_month', amount: 1200, currency: 'usd' } },
  ...extra,
});

const problem = (input: PlanInput) => {
  try {
    definePlans([input]);
  } catch (error) {
    return (error as BillingError).message;
  }
  return null;
};

describe('per-seat plans in the catalog', () => {
  it('keeps the seat rules, with defaults', () => {
    const plan = definePlans([team()]).get('team')!;
    expect(plan.seats).toEqual({ min: 2, max: 50, included: 0, perSeat: { projects: 5 } });
    expect(definePlans([team({ seats: {} })]).get('team')!.seats).toEqual({
      min: 1,
      max: null,
      included: 0,
      perSeat: {},
    });
  });

  it('names the field and what to do for inconsistent seat rules', () => {
    expect(problem(team({ seats: { min: 5, max: 3 } }))).toBe(
      'Plan catalog: plan "team": seats.max must be ≥ seats.min (5)',
    );
    expect(problem(team({ seats: { max: 3, included: 3 } }))).toBe(
      'Plan catalog: plan "team": seats.included must be below seats.max (3) — some seats must cost',
    );
    expect(problem(team({ seats: { min: 0 } }))).toMatch(/seats\.min must be a whole number/);
    expect(problem({ key: 'free', name: 'Free', free: true, seats: { min: 1 } } as PlanInput)).toBe(
      'Plan catalog: plan "free": seats belong on a paid plan, not the free one',
    );
  });

  it('accepts Stripe-shaped tiers on a per-seat price and refuses them elsewhere', () => {
    const tiers = [
      { upTo: 5, unitAmount: 1000 },
      { upTo: 'inf' as const, unitAmount: 800 },
    ];
    const ok = team({ prices: { month: { lookupKey: 't', currency: 'usd', tiers } } });
    expect(problem(ok)).toBeNull();
    expect(
      problem(
        team({ seats: undefined, prices: { month: { lookupKey: 't', currency: 'usd', tiers } } }),
      ),
    ).toBe('Plan catalog: plan "team": prices.month.tiers need a per-seat plan (add seats: {…})');
    expect(
      problem(
        team({
          prices: {
            month: { lookupKey: 't', currency: 'usd', tiers: [{ upTo: 5, unitAmount: 1 }] },
          },
        }),
      ),
    ).toBe(`Plan catalog: plan "team": prices.month.tiers must end with upTo: 'inf'`);
    expect(
      problem(
        team({
          prices: {
            month: {
              lookupKey: 't',
              currency: 'usd',
              tiers: [{ upTo: 5 }, { upTo: 3 }, { upTo: 'inf' }],
            },
          },
        }),
      ),
    ).toMatch(/must rise/);
  });
});

describe('checkSeats', () => {
  const plan = definePlans([team()]).get('team')!;
  it('passes counts within the bounds', () => {
    expect(checkSeats(plan, 2)).toBe(2);
    expect(checkSeats(plan, 50)).toBe(50);
  });
  it.each([1, 51, 2.5, Number.NaN])('refuses %s with INVALID_SEATS naming the bounds', (n) => {
    expect(() => checkSeats(plan, n)).toThrow(
      expect.objectContaining({
        code: 'INVALID_SEATS',
        message: `Team takes 2 to 50 seats — you asked for ${n}.`,
      }),
    );
  });
  it('allows only one on a plan not sold per seat', () => {
    const pro = { name: 'Pro', seats: null };
    expect(checkSeats(pro, 1)).toBe(1);
    expect(() => checkSeats(pro, 2)).toThrow(
      'Pro is not sold per seat — leave seats out (or send 1).',
    );
  });
});

describe('entitlements that scale with seats', () => {
  const catalog = definePlans([
    { key: 'free', name: 'Free', free: true, entitlements: { projects: 1 } },
    team(),
  ]);
  it('adds each per-seat limit times the seats to the plan value', () => {
    expect(seatEntitlements(catalog.get('team')!, 4)).toEqual({ projects: 22, api: true });
    expect(
      seatEntitlements(
        {
          entitlements: { projects: -1 },
          seats: { min: 1, max: null, included: 0, perSeat: { projects: 5 } },
        },
        9,
      ),
    ).toEqual({ projects: -1 });
  });
  it('reports the seats and the scaled limits in the status', () => {
    const snapshot = billingSnapshot(
      subscriptionSnapshot({ plan: 'team', priceId: 'price_team', quantity: 7 }),
    );
    const status = deriveBillingState(snapshot, { catalog, now: new Date('2026-11-27T12:00:00Z') });
    expect(status).toMatchObject({ plan: 'team', seats: 7, entitlements: { projects: 37 } });
  });
});

describe('priceForSeats', () => {
  const base = { interval: 'month' as const, currency: 'usd', amount: 0 };
  const tiers = [
    { upTo: 3, unitAmount: 0, flatAmount: 2000 },
    { upTo: 10, unitAmount: 1000, flatAmount: 0 },
    { upTo: null, unitAmount: 800, flatAmount: 0 },
  ];
  it('multiplies a per-unit price', () => {
    expect(priceForSeats({ ...base, amount: 1200 }, 5)).toBe(6000);
  });
  it('bills each graduated tier its own seats', () => {
    expect(priceForSeats({ ...base, tiers, tiersMode: 'graduated' }, 2)).toBe(2000);
    expect(priceForSeats({ ...base, tiers, tiersMode: 'graduated' }, 12)).toBe(2000 + 7000 + 1600);
  });
  it('bills every seat at the volume tier the count falls in', () => {
    expect(priceForSeats({ ...base, tiers, tiersMode: 'volume' }, 5)).toBe(5000);
    expect(priceForSeats({ ...base, tiers, tiersMode: 'volume' }, 12)).toBe(9600);
  });
});
