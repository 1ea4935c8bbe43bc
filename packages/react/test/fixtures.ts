import {
  type Alert,
  type BillingStatus,
  billingStatusSchema,
  type PlansResponse,
  type Preview,
  plansResponseSchema,
  previewSchema,
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

/** The same catalog priced in another currency (amounts in that currency's minor unit). */
export function plansIn(currency: string, factor: number): PlansResponse {
  return {
    ...plans,
    plans: plans.plans.map((plan) => ({
      ...plan,
      prices: plan.prices.map((price) => ({ ...price, currency, amount: price.amount * factor })),
    })),
  };
}

export const NOW = '2026-11-27T12:00:00.000Z';

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

export const upgradePreview: Preview = previewSchema.parse({
  kind: 'upgrade',
  effective: 'now',
  plan: 'team',
  interval: 'month',
  lines: [
    {
      kind: 'credit',
      description: 'Unused time on Pro',
      amount: -1000,
      periodStart: NOW,
      periodEnd: '2026-12-27T12:00:00.000Z',
    },
    {
      kind: 'charge',
      description: 'Remaining time on Team',
      amount: 2500,
      periodStart: NOW,
      periodEnd: '2026-12-27T12:00:00.000Z',
    },
  ],
  amountDue: 1500,
  currency: 'usd',
  nextBillDate: '2026-12-27T12:00:00.000Z',
  nextBillAmount: 5000,
  prorationDate: 1795780800,
});

export const downgradePreview: Preview = previewSchema.parse({
  kind: 'downgrade',
  effective: 'period_end',
  plan: 'free',
  interval: 'month',
  lines: [],
  amountDue: 0,
  currency: 'usd',
  nextBillDate: '2026-12-27T12:00:00.000Z',
  nextBillAmount: 0,
  prorationDate: 1795780800,
});
