import { type Catalog, definePlans } from '@tollgate/core';
import type { BillingConfig, BillingUser } from '../../src/config';
import { createBilling } from '../../src/create-billing';
import type { LogFields, Logger } from '../../src/logger';

export const APP_URL = 'https://app.example.test';
export const BASE = `${APP_URL}/api/billing`;

/** The catalog every server test uses. */
export const catalog: Catalog = definePlans([
  { key: 'free', name: 'Free', free: true, entitlements: { projects: 1 } },
  {
    key: 'pro',
    name: 'Pro',
    trialDays: 14,
    entitlements: { projects: 10, api: true },
    prices: {
      month: { lookupKey: 'tg_pro_month', amount: 2000, currency: 'usd' },
      year: { lookupKey: 'tg_pro_year', amount: 20000, currency: 'usd' },
    },
  },
  {
    key: 'business',
    name: 'Business',
    entitlements: { projects: -1, api: true },
    prices: {
      month: { lookupKey: 'tg_business_month', amount: 5000, currency: 'usd' },
      year: { lookupKey: 'tg_business_year', amount: 50000, currency: 'usd' },
    },
  },
]);

/** A logger that keeps every line, to assert that nothing secret is logged. */
export function memoryLogger(): Logger & {
  lines: { level: string; message: string; fields?: LogFields }[];
} {
  const lines: { level: string; message: string; fields?: LogFields }[] = [];
  const at = (level: string) => (message: string, fields?: LogFields) => {
    lines.push({ level, message, ...(fields ? { fields } : {}) });
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Users are identified by the `x-test-user` header — the session of these tests. */
export function headerAuth(req: Request): BillingUser | null {
  const id = req.headers.get('x-test-user');
  return id ? { id, email: `${id}@example.test`, name: id } : null;
}

/** Builds an app with test defaults; `overrides` win. */
export function makeBilling(
  overrides: Partial<BillingConfig> & Pick<BillingConfig, 'stripe' | 'store'>,
) {
  return createBilling({
    webhookSecret: 'whsec_test_secret',
    catalog,
    appUrl: APP_URL,
    getUser: headerAuth,
    ...overrides,
  });
}

/** A JSON POST from the app's own origin, as a signed-in user. */
export function post(
  path: string,
  body: unknown,
  user: string | null = 'u1',
  headers: Record<string, string> = {},
) {
  return new Request(`${BASE}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: APP_URL,
      ...(user ? { 'x-test-user': user } : {}),
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A GET as a signed-in user (or anonymous). */
export function get(path: string, user: string | null = 'u1') {
  return new Request(`${BASE}${path}`, { headers: user ? { 'x-test-user': user } : {} });
}
