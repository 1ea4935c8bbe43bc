import { type BillingStatus, type ChangeResponse, deriveBillingState } from '@tollgate/core';
import {
  billingSnapshot,
  fixtures,
  invoiceSnapshot,
  type StateName,
  snapshots,
  subscriptionSnapshot,
} from '@tollgate/core/fixtures';
import { type BillingScenario, type MockBillingApi, mockBillingApi, plansFor } from './msw';

/** A status derived by core's real `deriveBillingState`, for states the fixtures do not name. */
function derived(snapshot: Parameters<typeof deriveBillingState>[0]): BillingStatus {
  return deriveBillingState(snapshot, { catalog: fixtures.catalog, now: fixtures.now });
}

/** Statuses beyond `fixtures.status`, derived from core's snapshot builders. */
export const moreStatus = {
  /** Starter monthly, paid and current: the starting point of an upgrade. */
  starterMonthly: derived(
    billingSnapshot(
      subscriptionSnapshot({
        plan: 'starter',
        priceId: 'price_1StarterMonthly',
        latestInvoice: invoiceSnapshot({ amountDue: 900 }),
      }),
    ),
  ),
  /** Trial ending in two days and no card on file: the banner asks for a payment method. */
  trialEndingNoCard: derived(
    billingSnapshot(
      subscriptionSnapshot({ ...snapshots.trialEnding.subscription!, hasPaymentMethod: false }),
    ),
  ),
  /** Pro yearly starting today: the result of switching Pro from monthly to yearly. */
  proYearlyFromToday: derived(
    billingSnapshot(
      subscriptionSnapshot({
        interval: 'year',
        priceId: 'price_1ProYearly',
        currentPeriodStart: fixtures.now.toISOString(),
        currentPeriodEnd: '2027-11-27T12:00:00.000Z',
        latestInvoice: invoiceSnapshot({ amountDue: fixtures.preview.intervalChange.amountDue }),
      }),
    ),
  ),
};

/** Every named status, fixtures first. */
export const statuses: Record<StateName | keyof typeof moreStatus, BillingStatus> = {
  ...fixtures.status,
  ...moreStatus,
};

/** Where the mocked server sends the customer for Stripe-hosted pages. */
export const HOSTED = {
  checkout: 'https://checkout.stripe.com/c/pay/cs_test_a1TollgateDemo',
  portal: 'https://billing.stripe.com/p/session/test_YWNjdF9Ub2xsZ2F0ZURlbW8',
};

/**
 * A mocked billing server for a customer in `status`: plans in USD (unless given), checkout and
 * portal links, cancel → cancel pending, resume → active monthly. Override any route.
 *
 * @example parameters: { billing: billingFor(statuses.pastDueAttempt1) }
 */
export function billingFor(
  status: BillingStatus | BillingScenario['status'],
  overrides: BillingScenario = {},
): MockBillingApi {
  const known = isStatus(status) ? status : null;
  return mockBillingApi({
    plans: known ? plansFor(known) : fixtures.plans.usd,
    status,
    checkout: { uiMode: 'hosted', url: HOSTED.checkout },
    portal: { url: HOSTED.portal },
    cancel: fixtures.status.cancelPending,
    resume: fixtures.status.activeMonthly,
    ...overrides,
  });
}

function isStatus(value: unknown): value is BillingStatus {
  return typeof value === 'object' && value !== null && 'access' in value && 'alerts' in value;
}

/** A `/change` answer asking the customer to confirm the upgrade's payment (3-D Secure). */
export function requiresAction(
  amountDue: number,
  currency = 'usd',
): Extract<ChangeResponse, { outcome: 'requires_action' }> {
  return {
    outcome: 'requires_action',
    requiresAction: true,
    clientSecret: 'pi_1TollgateDemo_secret_change',
    hostedInvoiceUrl: 'https://invoice.stripe.com/i/acct_demo/test_in_1TollgateChange',
    amountDue,
    currency,
  };
}

/** The states every status-driven component has a story for, in the order of the issue. */
export const STATE_STORIES = [
  'free',
  'trialing',
  'trialEnding',
  'activeMonthly',
  'activeYearly',
  'cancelPending',
  'downgradeScheduled',
  'pastDueAttempt1',
  'pastDueAttempt2',
  'pastDueFinal',
  'actionRequired',
  'unpaid',
  'canceled',
  'paused',
  'incomplete',
] as const satisfies readonly StateName[];
