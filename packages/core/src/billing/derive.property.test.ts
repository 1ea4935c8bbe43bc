import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALERT_ORDER } from '../contract/alert-order';
import { SUBSCRIPTION_STATUSES } from '../contract/primitives';
import { billingStatusSchema } from '../contract/status';
import { demoCatalog as catalog } from '../fixtures/catalog';
import { deriveBillingState } from './derive';
import type { BillingPolicy } from './policy';
import type { BillingSnapshot, InvoiceSnapshot, SubscriptionSnapshot } from './snapshot';
import { statusExpiresAt } from './status-expiry';

const date = fc.date({
  min: new Date('2020-01-01T00:00:00Z'),
  max: new Date('2032-01-01T00:00:00Z'),
  noInvalidDate: true,
});
const iso = date.map((d) => d.toISOString());
/** Mostly real instants, sometimes other offsets or garbage a broken sync could store. */
const instant = fc.oneof(
  { weight: 8, arbitrary: iso },
  { weight: 1, arbitrary: iso.map((s) => s.replace('Z', '+02:00')) },
  { weight: 1, arbitrary: fc.constantFrom('', 'not a date', '2026-13-45T99:00:00Z') },
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const planKey = maybe(fc.constantFrom('free', 'starter', 'pro', 'enterprise', 'legacy', 'none'));
const interval = maybe(fc.constantFrom('month' as const, 'year' as const));

const invoice: fc.Arbitrary<InvoiceSnapshot> = fc.record({
  id: fc.constant('in_1'),
  status: fc.constantFrom('draft', 'open', 'paid', 'uncollectible', 'void'),
  amountDue: fc.oneof(fc.integer({ min: 0, max: 10_000_000 }), fc.constant(Number.NaN)),
  currency: fc.constantFrom('usd', 'EUR', 'jpy', 'kwd', 'x'),
  attemptCount: fc.oneof(fc.integer({ min: 0, max: 10 }), fc.constant(1.5)),
  nextPaymentAttempt: maybe(instant),
  hostedInvoiceUrl: maybe(fc.constant('https://invoice.stripe.com/i/x')),
  clientSecret: maybe(fc.constant('pi_1_secret_2')),
  paymentStatus: maybe(
    fc.constantFrom('succeeded', 'requires_action', 'requires_payment_method', 'processing'),
  ),
});

const subscription: fc.Arbitrary<SubscriptionSnapshot> = fc.record({
  id: fc.constant('sub_1'),
  status: fc.constantFrom(...SUBSCRIPTION_STATUSES),
  plan: planKey,
  interval,
  priceId: fc.constantFrom('price_1', 'price_legacy'),
  currentPeriodStart: instant,
  currentPeriodEnd: instant,
  cancelAtPeriodEnd: fc.boolean(),
  cancelAt: maybe(instant),
  canceledAt: maybe(instant),
  endedAt: maybe(instant),
  trialStart: maybe(instant),
  trialEnd: maybe(instant),
  hasPaymentMethod: fc.boolean(),
  pendingUpdate: maybe(fc.record({ plan: planKey, interval, expiresAt: instant })),
  scheduledChange: maybe(
    fc.record({
      scheduleId: fc.constant('sub_sched_1'),
      plan: planKey,
      interval,
      startsAt: instant,
    }),
  ),
  latestInvoice: maybe(invoice),
});

const snapshot: fc.Arbitrary<BillingSnapshot | null> = maybe(
  fc.record({
    customerId: fc.constant('cus_1'),
    hasHadTrial: fc.boolean(),
    subscription: maybe(subscription),
    syncedAt: iso,
  }),
);

const policy: fc.Arbitrary<BillingPolicy | undefined> = fc.option(
  fc.record(
    {
      pastDueGrace: fc.oneof(
        fc.constantFrom('period_end' as const, 'none' as const),
        fc.record({ days: fc.integer({ min: 0, max: 60 }) }),
      ),
      trialEndingDays: fc.integer({ min: 0, max: 30 }),
      unknownPlan: fc.constantFrom('free', 'starter', 'pro', 'enterprise'),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);

const RUNS = { numRuns: 1000 };

// Property runs are CPU-bound; give them room on a loaded 2-core CI machine.
describe('deriveBillingState properties', { timeout: 60_000 }, () => {
  it('is total: any snapshot at any instant gives a status that passes billingStatusSchema', () => {
    fc.assert(
      fc.property(snapshot, date, policy, (s, now, p) => {
        const status = deriveBillingState(s, { catalog, now, policy: p });
        expect(billingStatusSchema.safeParse(status).success).toBe(true);
      }),
      RUNS,
    );
  });

  it('never grants access to unpaid, canceled, incomplete_expired, paused (or incomplete)', () => {
    fc.assert(
      fc.property(subscription, date, policy, (sub, now, p) => {
        fc.pre(sub.status !== 'active' && sub.status !== 'trialing' && sub.status !== 'past_due');
        const status = deriveBillingState(
          { customerId: 'cus_1', hasHadTrial: false, subscription: sub, syncedAt: '' },
          { catalog, now, policy: p },
        );
        expect(status.access).toBe('none');
        expect(status.plan).toBe('free');
        expect(status.entitlements).toEqual(catalog.freePlan!.entitlements);
      }),
      RUNS,
    );
  });

  it('lists alerts in ALERT_ORDER, each type at most once', () => {
    fc.assert(
      fc.property(snapshot, date, policy, (s, now, p) => {
        const ranks = deriveBillingState(s, { catalog, now, policy: p }).alerts.map((a) =>
          ALERT_ORDER.indexOf(a.type),
        );
        expect(ranks.every((rank) => rank >= 0)).toBe(true);
        for (let i = 1; i < ranks.length; i++) expect(ranks[i]!).toBeGreaterThan(ranks[i - 1]!);
      }),
      RUNS,
    );
  });

  it('gives the free plan’s entitlements whenever access is none', () => {
    fc.assert(
      fc.property(snapshot, date, policy, (s, now, p) => {
        const status = deriveBillingState(s, { catalog, now, policy: p });
        const plan = catalog.get(status.plan)!;
        expect(status.entitlements).toEqual(plan.entitlements);
        if (status.access === 'none') expect(plan.free).toBe(true);
      }),
      RUNS,
    );
  });

  it('is pure: the same input gives the same output and the snapshot is not modified', () => {
    fc.assert(
      fc.property(snapshot, date, (s, now) => {
        const before = structuredClone(s);
        const a = deriveBillingState(s, { catalog, now });
        const b = deriveBillingState(s, { catalog, now });
        expect(a).toEqual(b);
        expect(s).toEqual(before);
      }),
      { numRuns: 500 },
    );
  });

  it('stays the same from now until statusExpiresAt (what the status cache keeps it for)', () => {
    fc.assert(
      fc.property(
        snapshot,
        date,
        policy,
        fc.double({ min: 0, max: 1, noNaN: true }),
        (s, now, p, fraction) => {
          const until = statusExpiresAt(s, { catalog, now, policy: p });
          expect(until).toBeGreaterThanOrEqual(now.getTime());
          const span = Math.min(until, now.getTime() + 400 * 86_400_000) - now.getTime();
          // The last instant before the edge, and one in between.
          for (const offset of [Math.max(span - 1, 0), Math.floor(span * fraction)]) {
            if (offset >= span) continue;
            const later = new Date(now.getTime() + offset);
            expect(deriveBillingState(s, { catalog, now: later, policy: p })).toEqual(
              deriveBillingState(s, { catalog, now, policy: p }),
            );
          }
        },
      ),
      RUNS,
    );
  });

  it('expires at each time edge the status changes at: a later instant derives differently', () => {
    fc.assert(
      fc.property(snapshot, date, policy, (s, now, p) => {
        const until = statusExpiresAt(s, { catalog, now, policy: p });
        fc.pre(Number.isFinite(until) && until > now.getTime());
        const before = deriveBillingState(s, { catalog, now: new Date(until - 1), policy: p });
        const at = deriveBillingState(s, { catalog, now: new Date(until), policy: p });
        // The period end is an edge Stripe acts on (renewal): there the status may stay as it is.
        const periodEnd = Date.parse(s?.subscription?.currentPeriodEnd ?? '');
        if (until !== periodEnd) expect(at).not.toEqual(before);
      }),
      RUNS,
    );
  });
});
