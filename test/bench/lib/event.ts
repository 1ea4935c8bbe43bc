import { createHmac } from 'node:crypto';

/** The signing secret every benchmark server is configured with. */
export const WEBHOOK_SECRET = 'whsec_bench_0123456789abcdef0123456789abcdef';

/** Target size of the benchmark event, as in the measurements. */
export const EVENT_BYTES = 3_000;

/**
 * A `customer.subscription.updated` event of about 3 kB, shaped like Stripe's 2026 payload
 * (periods on items, flexible billing mode), padded with metadata to the exact size.
 */
export function subscriptionEvent(
  id: string,
  customer: string,
  subscription = 'sub_bench',
): string {
  const now = Math.floor(Date.now() / 1000);
  const item = (n: number) => ({
    id: `si_bench${n}`,
    object: 'subscription_item',
    created: now - 86_400,
    current_period_start: now - 86_400,
    current_period_end: now + 29 * 86_400,
    metadata: {},
    price: {
      id: `price_pro_month_${n}`,
      object: 'price',
      active: true,
      billing_scheme: 'per_unit',
      currency: 'usd',
      livemode: false,
      lookup_key: 'pro_month',
      product: 'prod_pro',
      recurring: { interval: 'month', interval_count: 1, usage_type: 'licensed', meter: null },
      tax_behavior: 'unspecified',
      type: 'recurring',
      unit_amount: 2900,
      unit_amount_decimal: '2900',
    },
    quantity: 1,
    subscription,
    tax_rates: [],
  });
  const object = {
    id: subscription,
    object: 'subscription',
    application: null,
    billing_cycle_anchor: now - 86_400,
    billing_mode: { type: 'flexible', updated_at: now - 86_400 },
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    collection_method: 'charge_automatically',
    created: now - 86_400,
    currency: 'usd',
    customer,
    default_payment_method: 'pm_card_visa',
    description: null,
    discounts: [],
    ended_at: null,
    invoice_settings: { account_tax_ids: null, issuer: { type: 'self' } },
    items: { object: 'list', data: [item(1)], has_more: false, url: '/v1/subscription_items' },
    latest_invoice: 'in_bench',
    livemode: false,
    metadata: { tollgate_plan: 'pro' } as Record<string, string>,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: now - 86_400,
    status: 'active',
    test_clock: null,
    trial_end: null,
    trial_start: null,
  };
  const event = {
    id,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: now,
    data: { object, previous_attributes: { status: 'trialing' } },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: 'customer.subscription.updated',
  };
  const base = JSON.stringify(event).length;
  const pad = EVENT_BYTES - base - '"padding":""'.length - 1;
  if (pad > 0) object.metadata.padding = 'x'.repeat(pad);
  return JSON.stringify(event);
}

/** The `Stripe-Signature` header Stripe sends: `t=…,v1=HMAC-SHA256(secret, "t.body")`. */
export function sign(
  body: string,
  secret = WEBHOOK_SECRET,
  at = Math.floor(Date.now() / 1000),
): string {
  const v1 = createHmac('sha256', secret).update(`${at}.${body}`).digest('hex');
  return `t=${at},v1=${v1}`;
}
