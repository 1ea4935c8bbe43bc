import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStripeClient } from '../src/index.js';
import { type Harness, harness } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h.close());

describe('wire format', () => {
  it('rejects a missing or non-test key with 401 (StripeAuthenticationError)', async () => {
    const live = createStripeClient({ url: h.emulator.url, secretKey: 'sk_live_abcdefghijkl' });
    await expect(live.customers.list()).rejects.toBeInstanceOf(
      Stripe.errors.StripeAuthenticationError,
    );
    const res = await fetch(`${h.emulator.url}/v1/customers`);
    expect(res.status).toBe(401);
    expect(res.headers.get('request-id')).toMatch(/^req_/);
    expect((await res.json()).error.message).toContain('did not provide an API key');
  });

  it('answers unknown routes with 404 invalid_request_error as Stripe does', async () => {
    const err = await h.stripe.rawRequest('GET', '/v1/nonsense').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((err as Stripe.errors.StripeError).statusCode).toBe(404);
    expect((err as Stripe.errors.StripeError).message).toContain(
      'Unrecognized request URL (GET: /v1/nonsense)',
    );
  });

  it('answers 404 resource_missing with the param and a request id', async () => {
    const err = (await h.stripe.customers
      .retrieve('cus_missing')
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err.code).toBe('resource_missing');
    expect(err.statusCode).toBe(404);
    expect(err.message).toBe("No such customer: 'cus_missing'");
    expect(err.requestId).toMatch(/^req_/);
    expect(err.headers?.['stripe-should-retry']).toBe('false');
  });

  it('regression: an unknown price or invoice in the URL answers 404 with param id, not 400', async () => {
    for (const [read, message] of [
      [() => h.stripe.prices.retrieve('price_missing'), "No such price: 'price_missing'"],
      [() => h.stripe.invoices.retrieve('in_missing'), "No such invoice: 'in_missing'"],
      [() => h.stripe.invoices.pay('in_missing'), "No such invoice: 'in_missing'"],
    ] as const) {
      await expect(read()).rejects.toMatchObject({
        statusCode: 404,
        code: 'resource_missing',
        param: 'id',
        message,
      });
    }
  });

  it('parses nested, indexed and empty-bracket form bodies and unsets with empty values', async () => {
    const c = await h.stripe.customers.create({
      name: 'A b+c&d',
      metadata: { plan: 'pro', 'k y': 'v=1' },
    });
    expect(c.name).toBe('A b+c&d');
    expect(c.metadata).toEqual({ plan: 'pro', 'k y': 'v=1' });
    const updated = await h.stripe.customers.update(c.id, { metadata: { plan: '' }, name: '' });
    expect(updated.metadata).toEqual({ 'k y': 'v=1' });
    expect(updated.name).toBeNull();
    const body = `metadata[a]=1&expand[]=invoice_settings.default_payment_method&email=x%2By%40example.com`;
    const res = await fetch(`${h.emulator.url}/v1/customers`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${h.emulator.secretKey}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body,
    });
    const raw = await res.json();
    expect(raw.email).toBe('x+y@example.com');
    expect(raw.metadata).toEqual({ a: '1' });
  });

  it('replays a response for the same idempotency key and rejects different params', async () => {
    const first = await h.stripe.customers.create(
      { email: 'idem@example.com' },
      { idempotencyKey: 'key-1' },
    );
    const again = await h.stripe.customers.create(
      { email: 'idem@example.com' },
      { idempotencyKey: 'key-1' },
    );
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
    const err = (await h.stripe.customers
      .create({ email: 'other@example.com' }, { idempotencyKey: 'key-1' })
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(err.statusCode).toBe(400);
    const list = await h.stripe.customers.list({ email: 'idem@example.com' });
    expect(list.data).toHaveLength(1);
  });

  it('paginates newest first with has_more, starting_after and ending_before', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await h.stripe.products.create({ name: `P${i}`, metadata: { page: 'yes' } })).id);
    const page1 = await h.stripe.products.list({ limit: 2 });
    expect(page1.object).toBe('list');
    expect(page1.data.map((p) => p.id)).toEqual([ids[4], ids[3]]);
    expect(page1.has_more).toBe(true);
    const page2 = await h.stripe.products.list({ limit: 2, starting_after: ids[3] });
    expect(page2.data.map((p) => p.id)).toEqual([ids[2], ids[1]]);
    const back = await h.stripe.products.list({ limit: 2, ending_before: ids[2] });
    expect(back.data.map((p) => p.id)).toEqual([ids[4], ids[3]]);
    const all: string[] = [];
    for await (const p of h.stripe.products.list({ limit: 3 })) all.push(p.id);
    expect(all.slice(0, 5)).toEqual([...ids].reverse());
    const err = await h.stripe.products.list({ limit: 101 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });

  it('expands ids, nested paths and data.x on lists; refuses non-expandable fields', async () => {
    const product = await h.stripe.products.create({ name: 'Expandable' });
    const price = await h.stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 500,
      expand: ['product'],
    });
    expect((price.product as Stripe.Product).name).toBe('Expandable');
    const list = await h.stripe.prices.list({ product: product.id, expand: ['data.product'] });
    expect((list.data[0]!.product as Stripe.Product).id).toBe(product.id);
    const err = await h.stripe.prices
      .retrieve(price.id, { expand: ['currency'] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });

  it('leaves stored objects as they were after an expansion (the next read without expand sees ids)', async () => {
    const customer = await h.stripe.customers.create({ email: 'expand@example.test' });
    const pm = await h.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
      default_payment_method: pm.id,
    });
    const expanded = await h.stripe.subscriptions.list({
      customer: customer.id,
      expand: ['data.latest_invoice', 'data.latest_invoice.customer', 'data.customer'],
    });
    const shown = expanded.data[0]!;
    // Two paths through one object: both expansions are in the answer.
    const invoice = shown.latest_invoice as Stripe.Invoice;
    expect(invoice.id).toBe(sub.latest_invoice);
    expect((invoice.customer as Stripe.Customer).email).toBe('expand@example.test');
    expect((shown.customer as Stripe.Customer).id).toBe(customer.id);
    const stored = await h.stripe.subscriptions.retrieve(sub.id);
    expect(stored.latest_invoice).toBe(invoice.id);
    expect(stored.customer).toBe(customer.id);
    expect((await h.stripe.invoices.retrieve(invoice.id!)).customer).toBe(customer.id);
  });

  it('rejects parameters Stripe does not know, e.g. the removed payment_method_types on Checkout', async () => {
    const err = (await h.stripe.checkout.sessions
      .create({
        mode: 'subscription',
        line_items: [{ price: h.monthly.id, quantity: 1 }],
        payment_method_types: ['card'],
      } as Stripe.Checkout.SessionCreateParams)
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err.message).toMatch(/^Received unknown parameter: payment_method_types\. /);
    expect(err.code).toBe('parameter_unknown');
    expect(err.param).toBe('payment_method_types');
  });

  it('validates parameters with a message naming the parameter', async () => {
    const err = (await h.stripe.prices
      .create({ currency: 'usd', unit_amount: 100 } as Stripe.PriceCreateParams)
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err.statusCode).toBe(400);
    expect(err.param).toBe('product');
    const bad = (await h.stripe.prices
      .list({ limit: 'x' as unknown as number })
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(bad.message).toContain('Invalid integer');
  });

  it('forgets idempotency keys after 24 hours of emulator time', async () => {
    await h.stripe.customers.create({ email: 'a@example.com' }, { idempotencyKey: 'key-24h' });
    h.emulator.clock.advance(86_401);
    const fresh = await h.stripe.customers.create(
      { email: 'b@example.com' },
      { idempotencyKey: 'key-24h' },
    );
    expect(fresh.email).toBe('b@example.com');
  });
});
