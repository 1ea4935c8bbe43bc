import { describe, expect, it } from 'vitest';
import { fixtures } from '../fixtures/index';
import { canAccess, limitOf, type MeterSource, withinLimit } from './entitlements';

const { status } = fixtures;

describe('entitlements', () => {
  it('grant the subscribed plan’s features while access is full or grace', () => {
    expect(canAccess(status.activeMonthly, 'api_access')).toBe(true);
    expect(canAccess(status.pastDueAttempt1, 'api_access')).toBe(true);
    expect(canAccess(status.activeMonthly, 'sso')).toBe(false);
  });

  it('give ended and never-started customers exactly the free plan’s entitlements (issue 14 #11)', () => {
    const free = fixtures.catalog.plans.find((plan) => plan.free)!.entitlements;
    for (const state of [
      status.free,
      status.canceled,
      status.unpaid,
      status.paused,
      status.incomplete,
      status.incompleteExpired,
    ]) {
      expect(state.entitlements).toEqual(free);
      expect(canAccess(state, 'api_access')).toBe(false);
      expect(limitOf(state, 'projects')).toBe(1);
      expect(withinLimit(state, 'projects', 1)).toBe(true);
    }
  });

  it('treat numeric limits as features unless 0, and unknown features as not granted', () => {
    expect(canAccess(status.free, 'projects')).toBe(true);
    expect(canAccess({ entitlements: { exports: 0 } }, 'exports')).toBe(false);
    expect(canAccess(status.activeMonthly, 'teleportation')).toBe(false);
    expect(canAccess(status.activeMonthly, 'toString')).toBe(false);
  });

  it.each<[string, number, boolean]>([
    ['seats', 10, true],
    ['seats', 11, false],
    ['seats', 0, true],
    ['projects', 1_000_000, true], // -1 = unlimited
    ['api_access', 1, false], // a boolean is not a limit
    ['unknown', 1, false],
    ['seats', Number.NaN, false],
  ])('withinLimit(pro, %s, %d) is %s', (limit, usage, expected) => {
    expect(withinLimit(status.activeMonthly, limit, usage)).toBe(expected);
  });

  it('limitOf reports -1 for unlimited and 0 when unset', () => {
    expect(limitOf(status.activeMonthly, 'projects')).toBe(-1);
    expect(limitOf(status.activeMonthly, 'seats')).toBe(10);
    expect(limitOf(status.activeMonthly, 'api_access')).toBe(0);
    expect(limitOf(status.activeMonthly, 'nothing')).toBe(0);
  });
});

describe('withinLimit on metered usage', () => {
  const usage = {
    meters: [
      { meter: 'exports', included: 50, limit: 'hard' as const },
      { meter: 'api_calls', included: 10_000, limit: 'soft' as const },
    ],
  } as unknown as MeterSource;

  it('caps a hard meter at its included amount, lets a soft one run over, refuses unknown meters', () => {
    expect(withinLimit(usage, 'exports', 50)).toBe(true);
    expect(withinLimit(usage, 'exports', 51)).toBe(false);
    expect(withinLimit(usage, 'api_calls', 1_000_000)).toBe(true);
    expect(withinLimit(usage, 'storage', 1)).toBe(false);
  });
});
