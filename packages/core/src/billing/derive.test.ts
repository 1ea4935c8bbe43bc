import { describe, expect, it } from 'vitest';
import { SUBSCRIPTION_STATUSES, type SubscriptionStatus } from '../contract/primitives';
import { billingStatusSchema } from '../contract/status';
import { demoCatalog as catalog, FIXTURE_NOW as NOW } from '../fixtures/catalog';
import { billingSnapshot, invoiceSnapshot, subscriptionSnapshot } from '../fixtures/snapshots';
import { deriveBillingState } from './derive';
import type { SubscriptionSnapshot } from './snapshot';

const PERIOD_END = '2026-12-15T00:00:00.000Z';
const TERMINAL: SubscriptionStatus[] = ['canceled', 'incomplete_expired'];
const ENDED: SubscriptionStatus[] = ['canceled', 'unpaid', 'incomplete_expired', 'paused'];

type Trial = 'none' | 'running' | 'ending';
type Pending = 'none' | 'schedule' | 'update';

/** The invoice each status realistically has: failed for dunning states, open for incomplete. */
function invoiceFor(status: SubscriptionStatus) {
  if (status === 'past_due' || status === 'unpaid')
    return invoiceSnapshot({
      status: 'open',
      attemptCount: 2,
      nextPaymentAttempt: status === 'unpaid' ? null : '2026-12-01T00:00:00.000Z',
      paymentStatus: 'requires_payment_method',
    });
  if (status === 'incomplete')
    return invoiceSnapshot({ status: 'open', paymentStatus: 'requires_payment_method' });
  return invoiceSnapshot();
}

function subscription(
  status: SubscriptionStatus,
  cancel: boolean,
  trial: Trial,
  pending: Pending,
): SubscriptionSnapshot {
  const trialEnd = {
    none: null,
    running: '2026-12-10T12:00:00.000Z',
    ending: '2026-11-29T12:00:00.000Z',
  }[trial];
  return subscriptionSnapshot({
    status,
    cancelAtPeriodEnd: cancel,
    cancelAt: cancel ? PERIOD_END : null,
    trialStart: trial === 'none' ? null : '2026-11-15T00:00:00.000Z',
    trialEnd,
    latestInvoice: invoiceFor(status),
    scheduledChange:
      pending === 'schedule'
        ? { scheduleId: 'sub_sched_1', plan: 'starter', interval: 'year', startsAt: PERIOD_END }
        : null,
    pendingUpdate:
      pending === 'update'
        ? { plan: 'enterprise', interval: 'month', expiresAt: '2026-11-28T12:00:00.000Z' }
        : null,
  });
}

const combos = SUBSCRIPTION_STATUSES.flatMap((status) =>
  [false, true].flatMap((cancel) =>
    (['none', 'running', 'ending'] as const).flatMap((trial) =>
      (['none', 'schedule', 'update'] as const).map((pending) => ({
        status,
        cancel,
        trial,
        pending,
      })),
    ),
  ),
);

describe('deriveBillingState: every status × cancel_at_period_end × trial × pending change', () => {
  it('covers 8 × 2 × 3 × 3 combinations', () => {
    expect(combos).toHaveLength(144);
  });

  it.each(combos)(
    '$status cancel=$cancel trial=$trial pending=$pending',
    ({ status, cancel, trial, pending }) => {
      const result = deriveBillingState(
        billingSnapshot(subscription(status, cancel, trial, pending)),
        {
          catalog,
          now: NOW,
        },
      );
      const terminal = TERMINAL.includes(status);
      const access =
        { trialing: 'full', active: 'full', past_due: 'grace' }[status as string] ?? 'none';

      expect(billingStatusSchema.parse(result)).toEqual(result);
      expect(result.status).toBe(status);
      expect(result.access).toBe(access);
      expect(result.plan).toBe(access === 'none' ? 'free' : 'pro');
      expect(result.interval).toBe(access === 'none' ? null : 'month');
      expect(result.entitlements).toEqual(catalog.get(result.plan)!.entitlements);
      expect(result.currentPeriodEnd).toBe(terminal ? null : PERIOD_END);
      expect(result.cancelAt).toBe(cancel && !terminal ? PERIOD_END : null);
      const trialEnd = {
        none: null,
        running: '2026-12-10T12:00:00.000Z',
        ending: '2026-11-29T12:00:00.000Z',
      }[trial];
      expect(result.trialEnd).toBe(terminal ? null : trialEnd);
      expect(result.trialEligible).toBe(trial === 'none');

      const expected = [
        status === 'past_due' || status === 'unpaid' ? 'payment_failed' : null,
        ENDED.includes(status) ? 'access_ended' : null,
        status === 'incomplete' ? 'incomplete' : null,
        status === 'trialing' && trial === 'ending' ? 'trial_ending' : null,
        cancel && !terminal ? 'cancel_pending' : null,
        pending === 'schedule' && !terminal ? 'downgrade_scheduled' : null,
      ].filter((type) => type !== null);
      expect(result.alerts.map((alert) => alert.type)).toEqual(expected);

      if (terminal || pending === 'none') expect(result.pendingChange).toBeNull();
      else if (pending === 'schedule')
        expect(result.pendingChange).toEqual({
          source: 'schedule',
          plan: 'starter',
          interval: 'year',
          effectiveAt: PERIOD_END,
        });
      else
        expect(result.pendingChange).toEqual({
          source: 'update',
          plan: 'enterprise',
          interval: 'month',
          effectiveAt: NOW.toISOString(),
          expiresAt: '2026-11-28T12:00:00.000Z',
        });
    },
  );
});
