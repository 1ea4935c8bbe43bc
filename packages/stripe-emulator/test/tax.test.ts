/** Automatic tax from the emulator's own table, by the customer's country. */
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { completeCheckout } from '../src/index.js';
import { DAY, previewThenUpdate, useHarness } from './helpers.js';

const h = useHarness();

async function customerIn(country: string | null, extra: Stripe.CustomerCreateParams = {}) {
  return h.stripe.customers.create({
    ...(country ? { address: { country } } : {}),
    payment_method: 'pm_card_visa',
    invoice_settings: { default_payment_method: 'pm_card_visa' },
    ...extra,
  });
}

async function priced(amount: number, tax_behavior: 'inclusive' | 'exclusive') {
  const product = await h.stripe.products.create({ name: `Taxed ${tax_behavior}` });
  return h.stripe.prices.create({
    product: product.id,
    currency: 'eur',
    unit_amount: amount,
    recurring: { interval: 'month' },
    tax_behavior,
  });
}

describe('automatic tax', () => {
  it('adds exclusive tax at the country’s rate, per line and in total_taxes', async () => {
    const price = await priced(1000, 'exclusive');
    const customer = await customerIn('DE');
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id, quantity: 2 }],
      automatic_tax: { enabled: true },
      expand: ['latest_invoice'],
    });
    expect(sub.automatic_tax.enabled).toBe(true);
    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect(invoice.automatic_tax).toMatchObject({ enabled: true, status: 'complete' });
    expect(invoice.total_taxes).toEqual([
      expect.objectContaining({
        amount: 380,
        tax_behavior: 'exclusive',
        taxability_reason: 'standard_rated',
        taxable_amount: 2000,
        type: 'tax_rate_details',
      }),
    ]);
    expect(invoice.lines.data[0]!.taxes?.[0]?.amount).toBe(380);
    expect([invoice.subtotal, invoice.total_excluding_tax, invoice.total]).toEqual([
      2000, 2000, 2380,
    ]);
    expect(invoice.amount_paid).toBe(2380);
    const rate = await h.stripe.taxRates.retrieve(
      invoice.total_taxes![0]!.tax_rate_details!.tax_rate,
    );
    expect(rate).toMatchObject({
      country: 'DE',
      percentage: 19,
      inclusive: false,
      tax_type: 'vat',
    });
  });

  it('carves inclusive tax out of the price, after discounts', async () => {
    const price = await priced(1200, 'inclusive');
    const coupon = await h.stripe.coupons.create({ percent_off: 50, duration: 'forever' });
    const customer = await customerIn('FR');
    const preview = await h.stripe.invoices.createPreview({
      customer: customer.id,
      subscription_details: { items: [{ price: price.id }] },
      discounts: [{ coupon: coupon.id }],
      automatic_tax: { enabled: true },
    });
    expect(preview.total_taxes![0]).toMatchObject({
      amount: 100,
      tax_behavior: 'inclusive',
      taxable_amount: 500,
    });
    expect([preview.subtotal, preview.subtotal_excluding_tax, preview.total]).toEqual([
      1200, 1100, 600,
    ]);
    expect(preview.total_excluding_tax).toBe(500);
  });

  it('taxes nothing for an exempt customer or a country outside the table, and says why', async () => {
    const price = await priced(1000, 'exclusive');
    const reasons = [];
    for (const customer of [
      await customerIn('DE', { tax_exempt: 'exempt' }),
      await customerIn('DE', { tax_exempt: 'reverse' }),
      await customerIn('BR'),
    ]) {
      const preview = await h.stripe.invoices.createPreview({
        customer: customer.id,
        subscription_details: { items: [{ price: price.id }] },
        automatic_tax: { enabled: true },
      });
      expect(preview.total).toBe(1000);
      reasons.push(preview.total_taxes![0]!.taxability_reason);
    }
    expect(reasons).toEqual(['customer_exempt', 'reverse_charge', 'not_collecting']);
  });

  it('refuses automatic tax for a customer without a location (customer_tax_location_invalid)', async () => {
    const customer = await customerIn(null);
    const expected = { code: 'customer_tax_location_invalid', param: 'automatic_tax[enabled]' };
    await expect(
      h.stripe.subscriptions.create({
        customer: customer.id,
        items: [{ price: h.monthly.id }],
        automatic_tax: { enabled: true },
      }),
    ).rejects.toMatchObject(expected);
    await expect(
      h.stripe.invoices.createPreview({
        customer: customer.id,
        subscription_details: { items: [{ price: h.monthly.id }] },
        automatic_tax: { enabled: true },
      }),
    ).rejects.toMatchObject(expected);
  });

  it('taxes prorations too: an upgrade’s preview is what the update bills', async () => {
    const small = await priced(1000, 'exclusive');
    const large = await priced(3000, 'exclusive');
    const customer = await customerIn('GB');
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: small.id }],
      automatic_tax: { enabled: true },
    });
    h.emulator.clock.advance(7 * DAY);
    const { preview, billed } = await previewThenUpdate(h.stripe, sub.id, {
      items: [{ id: sub.items.data[0]!.id, price: large.id }],
      proration_behavior: 'always_invoice',
      proration_date: h.emulator.clock.now(),
    });
    expect(preview.total_taxes).toEqual(billed.total_taxes);
    expect(billed.amount_paid).toBe(preview.amount_due);
    const net = preview.lines.data.reduce((s, l) => s + l.amount, 0);
    expect(preview.total).toBe(
      net +
        Math.round(preview.lines.data[0]!.amount * 0.2) +
        Math.round(preview.lines.data[1]!.amount * 0.2),
    );
  });

  it('keeps a price’s tax_behavior once set', async () => {
    const price = await priced(1000, 'exclusive');
    await expect(
      h.stripe.prices.update(price.id, { tax_behavior: 'inclusive' }),
    ).rejects.toMatchObject({ param: 'tax_behavior' });
  });
});

describe('manual tax rates', () => {
  it('taxes every line with default_tax_rates, after discounts; inclusive rates share the amount', async () => {
    const vat = await h.stripe.taxRates.create({
      display_name: 'VAT',
      percentage: 20,
      inclusive: false,
      country: 'GB',
      tax_type: 'vat',
    });
    const levy = await h.stripe.taxRates.create({
      display_name: 'Levy',
      percentage: 5,
      inclusive: true,
    });
    const coupon = await h.stripe.coupons.create({ amount_off: 200, currency: 'usd' });
    const customer = await customerIn(null);
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
      default_tax_rates: [vat.id, levy.id],
      discounts: [{ coupon: coupon.id }],
      expand: ['latest_invoice'],
    });
    expect(sub.default_tax_rates?.map((r) => r.id)).toEqual([vat.id, levy.id]);
    const invoice = sub.latest_invoice as Stripe.Invoice;
    const base = 800 / 1.05;
    expect(invoice.lines.data[0]!.taxes?.map((t) => [t.amount, t.tax_behavior])).toEqual([
      [Math.round(base * 0.2), 'exclusive'],
      [Math.round(base * 0.05), 'inclusive'],
    ]);
    expect(invoice.total).toBe(800 + Math.round(base * 0.2));
    expect(invoice.default_tax_rates.map((r) => r.id)).toEqual([vat.id, levy.id]);
    const none = await h.stripe.invoices.createPreview({
      subscription: sub.id,
      subscription_details: { default_tax_rates: '' },
    });
    expect(none.total_taxes).toEqual([]);
    const cleared = await h.stripe.subscriptions.update(sub.id, { default_tax_rates: '' });
    expect(cleared.default_tax_rates).toEqual([]);
  });

  it('refuses manual rates together with automatic tax, and inactive rates', async () => {
    const rate = await h.stripe.taxRates.create({
      display_name: 'T',
      percentage: 10,
      inclusive: false,
    });
    const customer = await customerIn('DE');
    await expect(
      h.stripe.subscriptions.create({
        customer: customer.id,
        items: [{ price: h.monthly.id }],
        automatic_tax: { enabled: true },
        default_tax_rates: [rate.id],
      }),
    ).rejects.toMatchObject({ param: 'default_tax_rates' });
    await h.stripe.taxRates.update(rate.id, { active: false });
    await expect(
      h.stripe.subscriptions.create({
        customer: customer.id,
        items: [{ price: h.monthly.id }],
        default_tax_rates: [rate.id],
      }),
    ).rejects.toMatchObject({ param: 'default_tax_rates[0]' });
  });
});

describe('tax in Checkout', () => {
  it('collects the billing country, taxes the first invoice and saves the address', async () => {
    const price = await priced(1000, 'exclusive');
    const session = await h.stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: price.id, quantity: 3 }],
      automatic_tax: { enabled: true },
      billing_address_collection: 'required',
      tax_id_collection: { enabled: true },
      success_url: 'http://app.test/ok',
    });
    expect(session.automatic_tax).toMatchObject({
      enabled: true,
      status: 'requires_location_inputs',
    });
    expect(session.tax_id_collection).toEqual({ enabled: true, required: 'never' });
    expect(() =>
      completeCheckout(h.emulator, session.id, { paymentMethod: 'pm_card_visa' }),
    ).toThrow(/billing address/);
    const result = completeCheckout(
      h.emulator,
      session.id,
      { paymentMethod: 'pm_card_visa' },
      {
        email: 'nl@example.com',
        address: { country: 'NL' },
        taxId: { type: 'eu_vat', value: 'NL123' },
      },
    );
    expect(result.status).toBe('complete');
    const done = await h.stripe.checkout.sessions.retrieve(session.id);
    expect(done.total_details?.amount_tax).toBe(630);
    expect(done.amount_total).toBe(3630);
    expect(done.automatic_tax.status).toBe('complete');
    expect(done.customer_details?.address?.country).toBe('NL');
    expect(done.customer_details?.tax_ids).toEqual([{ type: 'eu_vat', value: 'NL123' }]);
    const customer = (await h.stripe.customers.retrieve(
      done.customer as string,
    )) as Stripe.Customer;
    expect(customer.address?.country).toBe('NL');
    const sub = await h.stripe.subscriptions.retrieve(done.subscription as string);
    expect(sub.automatic_tax.enabled).toBe(true);
  });

  it('prices the session with tax up front for a customer with an address', async () => {
    const price = await priced(1000, 'exclusive');
    const customer = await customerIn('SE');
    const session = await h.stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customer.id,
      line_items: [{ price: price.id }],
      automatic_tax: { enabled: true },
      success_url: 'http://app.test/ok',
    });
    expect(session).toMatchObject({
      amount_subtotal: 1000,
      amount_total: 1250,
      total_details: { amount_tax: 250 },
      automatic_tax: { status: 'complete' },
    });
  });

  it('needs customer_update for an existing customer without an address, then saves the one entered', async () => {
    const customer = await customerIn(null);
    const base = {
      mode: 'subscription' as const,
      customer: customer.id,
      line_items: [{ price: h.monthly.id }],
      automatic_tax: { enabled: true },
      success_url: 'http://app.test/ok',
    };
    await expect(h.stripe.checkout.sessions.create(base)).rejects.toMatchObject({
      param: 'customer_update[address]',
    });
    await expect(
      h.stripe.checkout.sessions.create({
        ...base,
        tax_id_collection: { enabled: true },
        customer_update: { address: 'auto' },
      }),
    ).rejects.toMatchObject({ param: 'customer_update[name]' });
    const session = await h.stripe.checkout.sessions.create({
      ...base,
      customer_update: { address: 'auto', name: 'auto' },
    });
    completeCheckout(
      h.emulator,
      session.id,
      { paymentMethod: 'pm_card_visa' },
      { address: { country: 'US', postal_code: '94107' } },
    );
    const saved = (await h.stripe.customers.retrieve(customer.id)) as Stripe.Customer;
    expect(saved.address).toMatchObject({ country: 'US', postal_code: '94107' });
    const invoice = await h.stripe.invoices.retrieve(
      (await h.stripe.checkout.sessions.retrieve(session.id)).invoice as string,
    );
    expect(invoice.total).toBe(1000 + Math.round(1000 * 0.0725));
  });
});
