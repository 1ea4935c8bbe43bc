import {
  type Alert,
  type BillingStatus,
  billingStatusSchema,
  type PlansResponse,
  plansResponseSchema,
} from '@tollgate/core';

/** Test data written through core's schemas, so it cannot drift from the contract. */
export const plans: PlansResponse = plansResponseSchema.parse({
  plans: [
    {
      key: 'free',
      name: 'Free',
      description: 'For trying things out',
      features: ['1 project'],
      entitlements: { projects: 1, api_access: false },
      rank: 0,
      free: true,
      trialDays: 0,
      prices: [],
    },
    {
      key: 'pro',
      name: 'Pro',
      description: 'For growing teams',
      features: ['10 projects', 'API access'],
      entitlements: { projects: 10, api_access: true },
      rank: 1,
      free: false,
      trialDays: 14,
      prices: [
        { interval: 'month', amount: 2000, currency: 'usd' },
        { interval: 'year', amount: 20000, currency: 'usd' },
      ],
    },
    {
      key: 'team',
      name: 'Team',
      description: 'For larger teams',
      features: ['Unlimited projects', 'API access', 'SSO'],
      entitlements: { projects: -1, api_access: true, sso: true },
      rank: 2,
      free: false,
      trialDays: 0,
      prices: [
        { interval: 'month', amount: 5000, currency: 'usd' },
        { interval: 'year', amount: 48000, currency: 'usd' },
      ],
    },
  ],
  current: { plan: 'free', interval: null },
  trialEligible: true,
});

/** A status, validated; `overrides` replace top-level fields. */
export function status(overrides: Partial<BillingStatus> = {}): BillingStatus {
  return billingStatusSchema.parse({
    plan: 'pro',
    interval: 'month',
    status: 'active',
    access: 'full',
    alerts: [],
    entitlements: { projects: 10, api_access: true },
    currentPeriodEnd: '2026-12-27T12:00:00.000Z',
    trialEnd: null,
    cancelAt: null,
    pendingChange: null,
    trialEligible: false,
    ...overrides,
  });
}

export const freeStatus = status({
  plan: 'free',
  interval: null,
  status: 'none',
  entitlements: { projects: 1, api_access: false },
  currentPeriodEnd: null,
  trialEligible: true,
});

/** One status per alert type, as the banner sees them. */
export const alertStatuses: Record<Alert['type'], BillingStatus> = {
  action_required: status({
    status: 'past_due',
    access: 'grace',
    alerts: [
      {
        type: 'action_required',
        clientSecret: 'pi_sca_secret_abc',
        hostedInvoiceUrl: 'https://invoice.example/in_1',
        amountDue: 2000,
        currency: 'usd',
      },
    ],
  }),
  payment_failed: status({
    status: 'past_due',
    access: 'grace',
    alerts: [
      {
        type: 'payment_failed',
        attempt: 2,
        nextRetryAt: '2026-12-01T12:00:00.000Z',
        hostedInvoiceUrl: 'https://invoice.example/in_2',
        amountDue: 2000,
        currency: 'usd',
      },
    ],
  }),
  trial_ending: status({
    status: 'trialing',
    trialEnd: '2026-11-29T12:00:00.000Z',
    alerts: [{ type: 'trial_ending', endsAt: '2026-11-29T12:00:00.000Z', hasPaymentMethod: false }],
  }),
  cancel_pending: status({
    cancelAt: '2026-12-27T12:00:00.000Z',
    alerts: [{ type: 'cancel_pending', endsAt: '2026-12-27T12:00:00.000Z' }],
  }),
  downgrade_scheduled: status({
    plan: 'team',
    pendingChange: {
      source: 'schedule',
      plan: 'pro',
      interval: 'month',
      effectiveAt: '2026-12-27T12:00:00.000Z',
    },
    alerts: [
      {
        type: 'downgrade_scheduled',
        toPlan: 'pro',
        toInterval: 'month',
        effectiveAt: '2026-12-27T12:00:00.000Z',
      },
    ],
  }),
  incomplete: status({
    status: 'incomplete',
    access: 'none',
    alerts: [
      {
        type: 'incomplete',
        hostedInvoiceUrl: 'https://invoice.example/in_3',
        expiresAt: '2026-11-28T11:00:00.000Z',
      },
    ],
  }),
  access_ended: status({
    plan: 'free',
    interval: null,
    status: 'canceled',
    access: 'none',
    entitlements: { projects: 1, api_access: false },
    alerts: [{ type: 'access_ended', reason: 'canceled' }],
  }),
};
