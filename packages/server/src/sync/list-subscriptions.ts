import type Stripe from 'stripe';
import { DISCOUNT_EXPAND } from '../stripe/discount';

/**
 * What the read expands on each subscription: the customer, the latest invoice's secret, the
 * schedule, each discount's coupon and promotion code.
 */
const EXPAND = [
  'data.customer',
  'data.latest_invoice.confirmation_secret',
  'data.schedule',
  ...DISCOUNT_EXPAND.map((path) => `data.discounts.${path}`),
];

/** The query after `customer=…`, encoded once as the SDK encodes it (`expand[0]=…`). */
const QUERY_TAIL = new URLSearchParams([
  ['status', 'all'],
  ['limit', '100'],
  ...EXPAND.map((path, i): [string, string] => [`expand[${i}]`, path]),
]).toString();

/**
 * Every subscription of a customer (all statuses, the first 100) with {@link EXPAND}: the one
 * Stripe read a webhook event costs. Sent with `rawRequest` — the request `subscriptions.list`
 * sends, through the same client (headers, API version, retries, timeout, error classes,
 * `request`/`response` events) — without what that method adds on every call and this read
 * never uses: it captures the caller's stack (`new Error().stack`), walks the answer to turn
 * `*_decimal` fields into `Decimal`s, and wraps the list for auto-pagination. About a quarter
 * of the client's CPU for this call (see BENCHMARKS.md, "Peer baseline"). The decimal fields
 * stay the strings Stripe sends: nothing built from this read looks at them.
 */
export function listSubscriptions(
  stripe: Stripe,
  customerId: string,
): Promise<Stripe.ApiList<Stripe.Subscription>> {
  const customer = new URLSearchParams([['customer', customerId]]).toString();
  return stripe.rawRequest(
    'GET',
    `/v1/subscriptions?${customer}&${QUERY_TAIL}`,
  ) as Promise<unknown> as Promise<Stripe.ApiList<Stripe.Subscription>>;
}
