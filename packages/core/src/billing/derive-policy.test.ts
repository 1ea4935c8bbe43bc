import { describe, expect, it } from 'vitest';
import { demoCatalog as catalog } from '../fixtures/catalog';
import { billingSnapshot, invoiceSnapshot, subscriptionSnapshot } from '../fixtures/snapshots';
import { deriveBillingState } from './derive';
import type { BillingPolicy } from './policy';

// Period 2026-11-15 → 2026-12-15; the renewal on 11-15 failed.
const pastDue = billingSnapshot(
  subscriptionSnapshot({
    status: 'past_due',
    latestInvoice: invoiceSnapshot({
      status: 'open',
      attemptCount: 1,
      nextPaymentAttempt: '2026-11-18T00:00:00.000Z',
      paymentStatus: 'requires_payment_method',
    }),
  }),
);

describe('past-due grace policy', () => {
  it.each<[string, BillingPolicy | undefined, string, 'grace' | 'none', string]>([
    ['default: grace until period end', undefined, '2026-12-14T23:59:59.000Z', 'grace', 'pro'],
    ['default: none once the period ended', undefined, '2026-12-15T00:00:00.000Z', 'none', 'free'],
    [
      'period_end explicitly',
      { pastDueGrace: 'period_end' },
      '2026-11-20T00:00:00.000Z',
      'grace',
      'pro',
    ],
    ['7 days: inside', { pastDueGrace: { days: 7 } }, '2026-11-21T23:59:59.000Z', 'grace', 'pro'],
    ['7 days: after', { pastDueGrace: { days: 7 } }, '2026-11-22T00:00:00.000Z', 'none', 'free'],
    ['0 days', { pastDueGrace: { days: 0 } }, '2026-11-15T00:00:00.000Z', 'none', 'free'],
    ['none', { pastDueGrace: 'none' }, '2026-11-15T00:00:01.000Z', 'none', 'free'],
  ])('%s', (_, policy, now, access, plan) => {
    const status = deriveBillingState(pastDue, { catalog, now: new Date(now), policy });
    expect(status.access).toBe(access);
    expect(status.plan).toBe(plan);
    expect(status.entitlements).toEqual(catalog.get(plan)!.entitlements);
    // The failed payment is reported whatever the grace.
    expect(status.alerts[0]).toMatchObject({ type: 'payment_failed', attempt: 1 });
  });

  it('fails closed when the period end cannot be read', () => {
    const broken = billingSnapshot(
      subscriptionSnapshot({ status: 'past_due', currentPeriodEnd: 'yesterday-ish' }),
    );
    const status = deriveBillingState(broken, { catalog, now: new Date('2026-11-20T00:00:00Z') });
    expect(status.access).toBe('none');
    expect(status.currentPeriodEnd).toBeNull();
  });
});

describe('trial_ending threshold', () => {
  const trialing = billingSnapshot(
    subscriptionSnapshot({
      status: 'trialing',
      trialStart: '2026-11-15T12:00:00.000Z',
      trialEnd: '2026-11-29T12:00:00.000Z',
      hasPaymentMethod: false,
    }),
  );
  it.each<[string, number | undefined, string, boolean]>([
    ['default 3 days: 2 days left', undefined, '2026-11-27T12:00:00.000Z', true],
    ['default 3 days: exactly 3 days left', undefined, '2026-11-26T12:00:00.000Z', true],
    ['default 3 days: 3 days and 1 s left', undefined, '2026-11-26T11:59:59.000Z', false],
    ['7 days: 6 days left', 7, '2026-11-23T12:00:00.000Z', true],
    ['trial already over (stale snapshot)', undefined, '2026-11-29T12:00:00.000Z', false],
  ])('%s', (_, trialEndingDays, now, shown) => {
    const status = deriveBillingState(trialing, {
      catalog,
      now: new Date(now),
      policy: trialEndingDays === undefined ? undefined : { trialEndingDays },
    });
    expect(status.alerts).toEqual(
      shown
        ? [{ type: 'trial_ending', endsAt: '2026-11-29T12:00:00.000Z', hasPaymentMethod: false }]
        : [],
    );
  });
});

describe('invalid policies name the field', () => {
  it.each<[BillingPolicy, RegExp]>([
    [{ pastDueGrace: { days: -1 } }, /pastDueGrace\.days must be a number of days ≥ 0/],
    [
      { pastDueGrace: 'forever' as never },
      /pastDueGrace must be 'period_end', 'none' or \{ days: n \}/,
    ],
    [{ trialEndingDays: Number.NaN }, /trialEndingDays must be a number of days ≥ 0/],
    [
      { unknownPlan: 'gold' },
      /unknownPlan "gold" is not in the catalog — use one of: free, starter, pro, enterprise/,
    ],
  ])('%j', (policy, message) => {
    expect(() => deriveBillingState(null, { catalog, now: new Date(), policy })).toThrow(message);
  });
});
