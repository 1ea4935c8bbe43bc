import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerWithCard, DAY, type Harness, harness, periodEnd, START } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h.close());

describe('customers, products, prices', () => {
  it('creates, retrieves, updates, lists and deletes customers', async () => {
    const c = await h.stripe.customers.create({
      email: 'crud@example.com',
      name: 'Crud',
      metadata: { uid: '1' },
    });
    expect(c).toMatchObject({
      object: 'customer',
      email: 'crud@example.com',
      livemode: false,
      created: START,
    });
    expect(((await h.stripe.customers.retrieve(c.id)) as Stripe.Customer).name).toBe('Crud');
    expect(
      (await h.stripe.customers.list({ email: 'crud@example.com' })).data.map((x) => x.id),
    ).toEqual([c.id]);
    const updated = h.emulator.events.ofType('customer.updated');
    await h.stripe.customers.update(c.id, { name: 'Renamed' });
    const event = h.emulator.events.ofType('customer.updated').slice(updated.length)[0]!;
    expect(event.data.previous_attributes).toEqual({ name: 'Crud' });
    expect(event.api_version).toBe('2026-10-28.endive');
    const deleted = await h.stripe.customers.del(c.id);
    expect(deleted).toMatchObject({ id: c.id, deleted: true });
    expect(await h.stripe.customers.retrieve(c.id)).toMatchObject({ id: c.id, deleted: true });
    await expect(h.stripe.customers.update(c.id, { name: 'x' })).rejects.toMatchObject({
      statusCode: 404,
    });
    expect((await h.stripe.customers.list({ email: 'crud@example.com' })).data).toHaveLength(0);
  });

  it('filters prices by lookup_keys and moves a lookup key with transfer_lookup_key', async () => {
    const product = await h.stripe.products.create({ name: 'Lookup' });
    const v1 = await h.stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 900,
      recurring: { interval: 'month' },
      lookup_key: 'team_monthly',
    });
    await expect(
      h.stripe.prices.create({
        product: product.id,
        currency: 'usd',
        unit_amount: 1100,
        recurring: { interval: 'month' },
        lookup_key: 'team_monthly',
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'lookup_key' });
    const v2 = await h.stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 1100,
      recurring: { interval: 'month' },
      lookup_key: 'team_monthly',
      transfer_lookup_key: true,
    });
    const found = await h.stripe.prices.list({
      lookup_keys: ['team_monthly'],
      expand: ['data.product'],
    });
    expect(found.data.map((p) => p.id)).toEqual([v2.id]);
    expect((found.data[0]!.product as Stripe.Product).name).toBe('Lookup');
    expect((await h.stripe.prices.retrieve(v1.id)).lookup_key).toBeNull();
    const archived = await h.stripe.prices.update(v1.id, { active: false });
    expect(archived.active).toBe(false);
    expect(
      (await h.stripe.prices.list({ product: product.id, active: true })).data.map((p) => p.id),
    ).toEqual([v2.id]);
  });

  it('creates a product with default_price_data and updates it', async () => {
    const product = await h.stripe.products.create({
      name: 'Bundle',
      default_price_data: { currency: 'usd', unit_amount: 700, recurring: { interval: 'month' } },
    });
    const price = await h.stripe.prices.retrieve(product.default_price as string);
    expect(price).toMatchObject({ unit_amount: 700, product: product.id, type: 'recurring' });
    expect((await h.stripe.products.update(product.id, { name: 'Bundle 2' })).name).toBe(
      'Bundle 2',
    );
  });
});

describe('billing meters', () => {
  it('dedupes identifiers with a non-retryable 400 and bills usage on the next invoice', async () => {
    const meter = await h.stripe.billing.meters.create({
      display_name: 'API calls',
      event_name: 'api_call',
      default_aggregation: { formula: 'sum' },
    });
    const product = await h.stripe.products.create({ name: 'Calls' });
    const metered = await h.stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 2,
      recurring: { interval: 'month', usage_type: 'metered', meter: meter.id },
    });
    const customer = await customerWithCard(h.stripe);
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }, { price: metered.id }],
    });
    const now = h.emulator.clock.now();
    await h.stripe.billing.meterEvents.create({
      event_name: 'api_call',
      payload: { stripe_customer_id: customer.id, value: '150' },
      identifier: 'evt-1',
      timestamp: now,
    });
    await h.stripe.billing.meterEvents.create({
      event_name: 'api_call',
      payload: { stripe_customer_id: customer.id, value: '50' },
      identifier: 'evt-2',
    });
    const dup = (await h.stripe.billing.meterEvents
      .create({
        event_name: 'api_call',
        payload: { stripe_customer_id: customer.id, value: '150' },
        identifier: 'evt-1',
      })
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(dup).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(dup.message).toBe('An event already exists with identifier evt-1.');
    expect(dup.headers?.['stripe-should-retry']).toBe('false');
    await expect(
      h.stripe.billing.meterEvents.create({
        event_name: 'api_call',
        payload: { stripe_customer_id: customer.id, value: '1' },
        timestamp: now - 40 * DAY,
      }),
    ).rejects.toMatchObject({ param: 'timestamp' });
    const summary = await h.stripe.billing.meters.listEventSummaries(meter.id, {
      customer: customer.id,
      start_time: now - 60,
      end_time: now + 60,
    });
    expect(summary.data[0]!.aggregated_value).toBe(200);
    h.emulator.clock.advance({ until: periodEnd(sub) + 3600 });
    const invoice = (await h.stripe.invoices.list({ subscription: sub.id, limit: 1 })).data[0]!;
    const usage = invoice.lines.data.find((l) => l.pricing?.price_details?.price === metered.id)!;
    expect(usage.amount).toBe(400);
    expect(invoice.total).toBe(1400);
  });
});

describe('portal, events, webhook endpoints, setup intents, test clocks', () => {
  it('creates portal sessions with the default configuration and flows', async () => {
    const customer = await customerWithCard(h.stripe);
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
    });
    const session = await h.stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: 'https://app.example/billing',
    });
    expect(session).toMatchObject({
      object: 'billing_portal.session',
      customer: customer.id,
      return_url: 'https://app.example/billing',
      flow: null,
    });
    expect(session.id).toMatch(/^bps_/);
    expect(session.url).toBe(`${h.emulator.url}/portal/${session.id}`);
    const configs = await h.stripe.billingPortal.configurations.list({ is_default: true });
    expect(configs.data[0]!.id).toBe(session.configuration);
    const cancel = await h.stripe.billingPortal.sessions.create({
      customer: customer.id,
      flow_data: { type: 'subscription_cancel', subscription_cancel: { subscription: sub.id } },
    });
    expect(cancel.flow).toMatchObject({
      type: 'subscription_cancel',
      subscription_cancel: { subscription: sub.id },
    });
    await expect(
      h.stripe.billingPortal.sessions.create({ customer: 'cus_nope' }),
    ).rejects.toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'customer' });
  });

  it('lists and retrieves events, filtered by type', async () => {
    const customer = await h.stripe.customers.create({ email: 'events@example.com' });
    const created = await h.stripe.events.list({ type: 'customer.created', limit: 1 });
    expect((created.data[0]!.data.object as Stripe.Customer).id).toBe(customer.id);
    const one = await h.stripe.events.retrieve(created.data[0]!.id);
    expect(one.type).toBe('customer.created');
    expect(one.request?.idempotency_key).toMatch(/^stripe-node-retry-/);
    const wildcard = await h.stripe.events.list({ type: 'customer.*', limit: 100 });
    expect(wildcard.data.every((e) => e.type.startsWith('customer.'))).toBe(true);
  });

  it('creates webhook endpoints revealing the whsec_ secret only on create', async () => {
    const endpoint = await h.stripe.webhookEndpoints.create({
      url: 'https://app.example/hook',
      enabled_events: ['invoice.paid'],
    });
    expect(endpoint.secret).toMatch(/^whsec_/);
    const fetched = await h.stripe.webhookEndpoints.retrieve(endpoint.id);
    expect(fetched.secret).toBeUndefined();
    expect((await h.stripe.webhookEndpoints.list()).data.some((e) => e.id === endpoint.id)).toBe(
      true,
    );
    expect((await h.stripe.webhookEndpoints.update(endpoint.id, { disabled: true })).status).toBe(
      'disabled',
    );
    expect(await h.stripe.webhookEndpoints.del(endpoint.id)).toMatchObject({ deleted: true });
  });

  it('creates, confirms and cancels setup intents', async () => {
    const customer = await h.stripe.customers.create();
    const si = await h.stripe.setupIntents.create({ customer: customer.id, usage: 'off_session' });
    expect(si.status).toBe('requires_payment_method');
    expect(si.client_secret).toMatch(/^seti_.+_secret_/);
    const confirmed = await h.stripe.setupIntents.confirm(si.id, {
      payment_method: 'pm_card_visa',
    });
    expect(confirmed.status).toBe('succeeded');
    const pm = await h.stripe.paymentMethods.retrieve(confirmed.payment_method as string);
    expect(pm.customer).toBe(customer.id);
    const other = await h.stripe.setupIntents.create({ customer: customer.id });
    expect((await h.stripe.setupIntents.cancel(other.id)).status).toBe('canceled');
    expect((await h.stripe.setupIntents.list({ customer: customer.id })).data).toHaveLength(2);
  });

  it('runs test clocks: advancing → ready, renewals happen', async () => {
    const now = h.emulator.clock.now();
    const clock = await h.stripe.testHelpers.testClocks.create({ frozen_time: now });
    const customer = await h.stripe.customers.create({ test_clock: clock.id });
    expect(customer.test_clock).toBe(clock.id);
    const pm = await h.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
      default_payment_method: pm.id,
    });
    const advanced = await h.stripe.testHelpers.testClocks.advance(clock.id, {
      frozen_time: periodEnd(sub) + 7200,
    });
    expect(advanced.status).toBe('advancing');
    expect(advanced.frozen_time).toBe(periodEnd(sub) + 7200);
    expect(h.emulator.events.ofType('test_helpers.test_clock.advancing').length).toBeGreaterThan(0);
    expect((await h.stripe.testHelpers.testClocks.retrieve(clock.id)).status).toBe('ready');
    const invoices = await h.stripe.invoices.list({ subscription: sub.id });
    expect(invoices.data[0]).toMatchObject({
      billing_reason: 'subscription_cycle',
      status: 'paid',
    });
    await expect(
      h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: now }),
    ).rejects.toMatchObject({ statusCode: 400 });
  });
});
