/**
 * The app every server-side test suite (the server package's and the reliability suites) bills
 * for: its URL, its catalog, its session (the `x-test-user` header), its billing, request
 * builders and a logger that keeps every line.
 */
import { type Catalog, definePlans } from '@tollgate/core';
import {
  type BillingConfig,
  type BillingUser,
  createBilling,
  type LogFields,
  type Logger,
} from '@tollgate/server';
import Stripe from 'stripe';

export const APP_URL = 'https://app.example.test';
export const BASE = `${APP_URL}/api/billing`;

/** A free plan, Pro with a 14-day trial, Business (unlimited projects). */
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
    // Metered: catalog push creates both meters; the usage tests create the `tg_api_calls` price
    // (the plan's subscriptions elsewhere carry no metered item).
    meters: {
      api_calls: { label: 'API calls', included: 1000, price: 'tg_api_calls' },
      exports: { label: 'exports', included: 5, limit: 'hard', formula: 'count' },
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

/** One captured log line. */
export interface LogLine {
  level: string;
  message: string;
  fields?: LogFields;
}

/** A logger that keeps every line (after Tollgate's redaction), to assert nothing secret is logged. */
export function memoryLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: string) => (message: string, fields?: LogFields) => {
    lines.push({ level, message, ...(fields ? { fields } : {}) });
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** The session of these tests: the `x-test-user` header names the signed-in user. */
export function headerAuth(req: Request): BillingUser | null {
  const id = req.headers.get('x-test-user');
  return id ? { id, email: `${id}@example.test`, name: id } : null;
}

/** A JSON POST from the app's own origin as `user` (null: signed out). */
export function post(
  path: string,
  body: unknown,
  user: string | null = 'u1',
  headers: Record<string, string> = {},
): Request {
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

/** A GET as `user` (null: signed out). */
export function get(path: string, user: string | null = 'u1'): Request {
  return new Request(`${BASE}${path}`, { headers: user ? { 'x-test-user': user } : {} });
}

/** The test app's billing: its catalog, URL and header session; `overrides` win. */
export function makeBilling(
  overrides: Partial<BillingConfig> & Pick<BillingConfig, 'stripe' | 'store'>,
) {
  return createBilling({
    webhookSecret: 'whsec_test_secret',
    catalog,
    appUrl: APP_URL,
    getUser: headerAuth,
    ...overrides,
    // The tests drive each customer's events back to back and wait for all of them: a read
    // window would only add its length to every settle. Its own test sets it
    // (packages/server/test/stripe-reads.test.ts).
    stripeReads: { coalesceMs: 0, ...overrides.stripeReads },
  });
}

/**
 * A Stripe client whose host refuses connections, for tests decided before any Stripe call (and
 * for the few that need a Stripe call to fail at once).
 */
export const unreachableStripe = new Stripe('sk_test_unreachable', {
  host: '127.0.0.1',
  port: 9,
  protocol: 'http',
  maxNetworkRetries: 0,
});
