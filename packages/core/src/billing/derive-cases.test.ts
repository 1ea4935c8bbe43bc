import { describe, expect, it } from 'vitest';
import { definePlans } from '../catalog/define-plans';
import { demoCatalog as catalog, FIXTURE_NOW as now } from '../fixtures/catalog';
import { billingSnapshot, invoiceSnapshot, subscriptionSnapshot } from '../fixtures/snapshots';
import { deriveBillingState } from './derive';
import { NO_PLAN_KEY } from './resolve-plan';

const derive = (snapshot: Parameters<typeof deriveBillingState>[0], policy = {}) =>
  deriveBillingState(snapshot, { catalog, now, policy });

describe('no subscription', () => {
  it('gives the free plan with full access to it, and a trial when never trialed', () => {
    for (const snapshot of [null, billingSnapshot(null)]) {
      expect(derive(snapshot)).toEqual({
        plan: 'free',
        interval: null,
        seats: null,
        status: 'none',
        access: 'full',
        alerts: [],
        entitlements: catalog.freePlan!.entitlements,
        currentPeriodEnd: null,
        trialEnd: null,
        cancelAt: null,
        pendingChange: null,
        discount: null,
        trialEligible: true,
      });
    }
  });

  it('is not trial-eligible after a trial', () => {
    expect(derive(billingSnapshot(null, true)).trialEligible).toBe(false);
  });

  it('reports NO_PLAN_KEY with no entitlements when the catalog has no free plan', () => {
    const paidOnly = definePlans([{ key: 'pro', name: 'Pro', prices: { month: 'pro_m' } }]);
    const status = deriveBillingState(null, { catalog: paidOnly, now });
    expect(status).toMatchObject({ plan: NO_PLAN_KEY, entitlements: {}, access: 'full' });
    const canceled = billingSnapshot(subscriptionSnapshot({ status: 'canceled' }));
    expect(deriveBillingState(canceled, { catalog: paidOnly, now })).toMatchObject({
      plan: NO_PLAN_KEY,
      entitlements: {},
      access: 'none',
    });
  });
});

describe('prices that are not in the catalog', () => {
  const legacy = billingSnapshot(
    subscriptionSnapshot({ plan: null, interval: 'month', priceId: 'price_legacy_2019' }),
  );

  it('fall back to the free plan by default (never a higher tier than chosen)', () => {
    expect(derive(legacy)).toMatchObject({ plan: 'free', interval: null, access: 'full' });
  });

  it('fall back to policy.unknownPlan when set', () => {
    const status = derive(legacy, { unknownPlan: 'starter' });
    expect(status).toMatchObject({ plan: 'starter', interval: 'month' });
    expect(status.entitlements).toEqual(catalog.get('starter')!.entitlements);
  });

  it('resolve by price id when the catalog names prices by id', () => {
    const byId = definePlans([
      { key: 'free', name: 'Free', free: true },
      { key: 'team', name: 'Team', prices: { year: { priceId: 'price_team_y' } } },
    ]);
    const snapshot = billingSnapshot(
      subscriptionSnapshot({ plan: null, interval: null, priceId: 'price_team_y' }),
    );
    expect(deriveBillingState(snapshot, { catalog: byId, now })).toMatchObject({
      plan: 'team',
      interval: 'year',
    });
  });

  it('treat a plan key removed from the catalog like an unknown price', () => {
    const removed = billingSnapshot(subscriptionSnapshot({ plan: 'gold', priceId: 'price_gold' }));
    expect(derive(removed, { unknownPlan: 'pro' })).toMatchObject({ plan: 'pro' });
  });

  it('fall back to the lowest-ranked plan when there is no free plan', () => {
    const paidOnly = definePlans([
      { key: 'basic', name: 'Basic', prices: { month: 'basic_m' } },
      { key: 'max', name: 'Max', prices: { month: 'max_m' } },
    ]);
    expect(deriveBillingState(legacy, { catalog: paidOnly, now })).toMatchObject({
      plan: 'basic',
      interval: 'month',
    });
  });
});

describe('alerts carry what the banner needs', () => {
  it('payment_failed: attempt, next retry, invoice link and amount', () => {
    const status = derive(
      billingSnapshot(
        subscriptionSnapshot({
          status: 'past_due',
          latestInvoice: invoiceSnapshot({
            status: 'open',
            attemptCount: 3,
            nextPaymentAttempt: '2026-12-03T08:00:00Z',
            amountDue: 2900,
            currency: 'USD',
            paymentStatus: 'requires_payment_method',
          }),
        }),
      ),
    );
    expect(status.alerts).toEqual([
      {
        type: 'payment_failed',
        attempt: 3,
        nextRetryAt: '2026-12-03T08:00:00.000Z',
        hostedInvoiceUrl: 'https://invoice.stripe.com/i/acct_demo/test_in_1TollgateDemo',
        amountDue: 2900,
        currency: 'usd',
      },
    ]);
  });

  it('action_required replaces payment_failed and comes before incomplete on a first invoice', () => {
    const status = derive(
      billingSnapshot(
        subscriptionSnapshot({
          status: 'incomplete',
          currentPeriodStart: '2026-11-27T11:00:00.000Z',
          latestInvoice: invoiceSnapshot({
            status: 'open',
            attemptCount: 1,
            paymentStatus: 'requires_action',
            clientSecret: 'pi_1_secret_2',
          }),
        }),
      ),
    );
    expect(status.access).toBe('none');
    expect(status.alerts).toEqual([
      {
        type: 'action_required',
        clientSecret: 'pi_1_secret_2',
        hostedInvoiceUrl: 'https://invoice.stripe.com/i/acct_demo/test_in_1TollgateDemo',
        amountDue: 2900,
        currency: 'usd',
      },
      {
        type: 'incomplete',
        hostedInvoiceUrl: 'https://invoice.stripe.com/i/acct_demo/test_in_1TollgateDemo',
        expiresAt: '2026-11-28T10:00:00.000Z',
      },
    ]);
  });

  it('no payment alert once the invoice is paid, voided or uncollectible', () => {
    for (const invoiceStatus of ['paid', 'void', 'uncollectible'] as const) {
      const status = derive(
        billingSnapshot(
          subscriptionSnapshot({
            status: 'past_due',
            latestInvoice: invoiceSnapshot({ status: invoiceStatus, attemptCount: 2 }),
          }),
        ),
      );
      expect(status.alerts).toEqual([]);
    }
  });

  it('cancel_pending uses cancel_at when set without cancel_at_period_end', () => {
    const status = derive(
      billingSnapshot(subscriptionSnapshot({ cancelAt: '2026-12-01T00:00:00Z' })),
    );
    expect(status.cancelAt).toBe('2026-12-01T00:00:00.000Z');
    expect(status.alerts).toEqual([{ type: 'cancel_pending', endsAt: '2026-12-01T00:00:00.000Z' }]);
  });
});

describe('pending changes', () => {
  it('ignores a schedule whose next phase repeats the current plan (just created from the subscription)', () => {
    const status = derive(
      billingSnapshot(
        subscriptionSnapshot({
          scheduledChange: {
            scheduleId: 'sub_sched_1',
            plan: 'pro',
            interval: 'month',
            startsAt: '2026-12-15T00:00:00Z',
          },
        }),
      ),
    );
    expect(status.pendingChange).toBeNull();
    expect(status.alerts).toEqual([]);
  });

  it('reports an interval switch at period end (same plan, month → year)', () => {
    const status = derive(
      billingSnapshot(
        subscriptionSnapshot({
          scheduledChange: {
            scheduleId: 'sub_sched_1',
            plan: 'pro',
            interval: 'year',
            startsAt: '2026-12-15T00:00:00Z',
          },
        }),
      ),
    );
    expect(status.alerts).toEqual([
      {
        type: 'downgrade_scheduled',
        toPlan: 'pro',
        toInterval: 'year',
        effectiveAt: '2026-12-15T00:00:00.000Z',
      },
    ]);
  });

  it('drops a pending update Stripe has already expired', () => {
    const status = derive(
      billingSnapshot(
        subscriptionSnapshot({
          pendingUpdate: {
            plan: 'enterprise',
            interval: 'month',
            expiresAt: '2026-11-27T11:00:00Z',
          },
        }),
      ),
    );
    expect(status.pendingChange).toBeNull();
  });

  it('prefers the pending update over a schedule, and still alerts the schedule', () => {
    const status = derive(
      billingSnapshot(
        subscriptionSnapshot({
          pendingUpdate: {
            plan: 'enterprise',
            interval: 'month',
            expiresAt: '2026-11-28T00:00:00Z',
          },
          scheduledChange: {
            scheduleId: 'sub_sched_1',
            plan: 'starter',
            interval: 'month',
            startsAt: '2026-12-15T00:00:00Z',
          },
        }),
      ),
    );
    expect(status.pendingChange).toMatchObject({ source: 'update', plan: 'enterprise' });
    expect(status.alerts.map((a) => a.type)).toEqual(['downgrade_scheduled']);
  });
});

// regression (issue 14 #10): two unpaid renewals, the newest paid — the customer stayed past_due
// with no alert and no way to pay the older invoice
describe('every open invoice blocking the subscription', () => {
  const unpaid = (id: string, attemptCount: number) =>
    invoiceSnapshot({
      id,
      status: 'open',
      attemptCount,
      paymentStatus: 'requires_payment_method',
      hostedInvoiceUrl: `https://pay.example/${id}`,
    });

  it('alerts for an older open invoice after the newest was paid, with its pay link', () => {
    const status = derive(
      billingSnapshot(
        subscriptionSnapshot({
          status: 'past_due',
          latestInvoice: invoiceSnapshot({ id: 'in_newest', status: 'paid' }),
          openInvoices: [unpaid('in_oldest', 4)],
        }),
      ),
    );
    expect(status.alerts).toEqual([
      expect.objectContaining({
        type: 'payment_failed',
        attempt: 4,
        hostedInvoiceUrl: 'https://pay.example/in_oldest',
      }),
    ]);
  });

  it('gives one alert per open invoice, oldest first, each with its own pay link', () => {
    const status = derive(
      billingSnapshot(
        subscriptionSnapshot({
          status: 'past_due',
          latestInvoice: unpaid('in_newer', 1),
          openInvoices: [unpaid('in_older', 3), unpaid('in_newer', 1)],
        }),
      ),
    );
    expect(
      status.alerts.map((a) => [a.type, 'hostedInvoiceUrl' in a && a.hostedInvoiceUrl]),
    ).toEqual([
      ['payment_failed', 'https://pay.example/in_older'],
      ['payment_failed', 'https://pay.example/in_newer'],
    ]);
  });
});
