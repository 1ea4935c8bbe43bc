import { fixtures } from '@tollgate/core/fixtures';
import { describe, expect, it } from 'vitest';
import {
  changeKind,
  type PlanSwitcherInputs,
  planChoices,
  planSwitcherState,
  resumeFirst,
} from './state';

const ready: PlanSwitcherInputs = {
  plans: 'success',
  status: 'success',
  billing: fixtures.status.activeMonthly,
  options: 6,
  target: null,
  resumeFirst: false,
  preview: 'pending',
  change: 'idle',
};
const chosen = { ...ready, target: { plan: 'enterprise', interval: 'month' as const } };

describe('planSwitcherState', () => {
  it.each<[string, Partial<PlanSwitcherInputs>, string]>([
    ['plans failed', { plans: 'error' }, 'error'],
    ['status failed (even while plans load)', { plans: 'pending', status: 'error' }, 'error'],
    ['plans loading', { plans: 'pending', billing: undefined }, 'loading'],
    ['status loading', { status: 'pending', billing: undefined }, 'loading'],
    ['nothing on sale', { options: 0 }, 'empty'],
    ['no subscription', { billing: fixtures.status.free }, 'unavailable'],
    ['unpaid (Stripe refuses changes)', { billing: fixtures.status.unpaid }, 'unavailable'],
    ['subscription canceled', { billing: fixtures.status.canceled }, 'unavailable'],
    ['nothing chosen', {}, 'idle'],
  ])('%s → %s', (_, overrides, state) => {
    expect(planSwitcherState({ ...ready, ...overrides })).toBe(state);
  });

  it.each<[string, Partial<PlanSwitcherInputs>, string]>([
    ['preview on its way', {}, 'previewing'],
    ['preview arrived', { preview: 'success' }, 'ready'],
    ['preview failed', { preview: 'error' }, 'preview_error'],
    ['confirming', { preview: 'success', change: 'pending' }, 'pending'],
    ['applied', { preview: 'success', change: 'success' }, 'done'],
    ['refused', { preview: 'success', change: 'error' }, 'change_error'],
    ['waiting for the subscription to be kept', { resumeFirst: true }, 'cancel_pending'],
  ])('with a change chosen: %s → %s', (_, overrides, state) => {
    expect(planSwitcherState({ ...chosen, ...overrides })).toBe(state);
  });

  it('puts a loading or failed load before anything chosen or pending', () => {
    expect(planSwitcherState({ ...chosen, change: 'pending', plans: 'error' })).toBe('error');
    expect(
      planSwitcherState({ ...chosen, change: 'pending', status: 'pending', billing: undefined }),
    ).toBe('loading');
  });
});

describe('resumeFirst', () => {
  const data = fixtures.plans.usdCurrentPro;
  const ending = fixtures.status.cancelPending;
  it.each<[string, { plan: string; interval: 'month' | 'year'; seats?: number }, boolean]>([
    ['a downgrade (period end)', { plan: 'starter', interval: 'month' }, true],
    ['a downgrade to yearly (period end)', { plan: 'starter', interval: 'year' }, true],
    ['an upgrade (now)', { plan: 'enterprise', interval: 'month' }, false],
    ['monthly to yearly (now)', { plan: 'pro', interval: 'year' }, false],
  ])('on a subscription set to end: %s → %s', (_, target, expected) => {
    expect(resumeFirst(data, ending, target)).toBe(expected);
  });

  it('yearly to monthly and fewer seats wait (period end); more seats do not (now)', () => {
    const yearly = { ...ending, interval: 'year' as const };
    expect(resumeFirst(data, yearly, { plan: 'pro', interval: 'month' })).toBe(true);
    const seats = { ...ending, plan: 'team', seats: 5 };
    expect(resumeFirst(data, seats, { plan: 'team', interval: 'month', seats: 3 })).toBe(true);
    expect(resumeFirst(data, seats, { plan: 'team', interval: 'month', seats: 6 })).toBe(false);
  });

  it('never on a subscription that renews', () => {
    const renewing = fixtures.status.activeMonthly;
    expect(resumeFirst(data, renewing, { plan: 'starter', interval: 'month' })).toBe(false);
  });
});

describe('changeKind', () => {
  const data = fixtures.plans.usdCurrentPro;
  const pro = { plan: 'pro', interval: 'month' as const };
  it('names upgrades and downgrades by catalog rank, and the same plan as an interval switch', () => {
    expect(changeKind(data, pro, { plan: 'enterprise', interval: 'month' })).toBe('upgrade');
    expect(changeKind(data, pro, { plan: 'enterprise', interval: 'year' })).toBe('upgrade');
    expect(changeKind(data, pro, { plan: 'starter', interval: 'month' })).toBe('downgrade');
    expect(changeKind(data, pro, { plan: 'pro', interval: 'year' })).toBe('interval');
  });

  it('offers every paid plan × interval, never the free plan', () => {
    expect(planChoices(data).map(({ choice }) => `${choice.plan}/${choice.interval}`)).toEqual([
      'starter/month',
      'starter/year',
      'pro/month',
      'pro/year',
      'enterprise/month',
      'enterprise/year',
    ]);
  });
});
