import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { createStripeClient } from '../src/index.js';
import { customerWithCard, DAY, harness, periodEnd, START, useHarness } from './helpers.js';

const h = useHarness();
let n = 0;

/** A fresh meter (unique event name) with a metered price of `unitAmount` per unit. */
async function meter(formula: 'sum' | 'count' | 'last', unitAmount = 2) {
  const event_name = `calls_${formula}_${++n}`;
  const m = await h.stripe.billing.meters.create({
    display_name: 'API calls',
    event_name,
    default_aggregation: { formula },
  });
  const price = await h.stripe.prices.create({
    currency: 'usd',
    unit_amount: unitAmount,
    product_data: { name: `Calls ${n}` },
    recurring: { interval: 'month', usage_type: 'metered', meter: m.id },
  });
  return { meter: m, price, event_name };
}

const send = (
  event_name: string,
  customer: string,
  value: number,
  identifier: string,
  timestamp = START + 60,
) =>
  h.stripe.billing.meterEvents.create({
    event_name,
    identifier,
    timestamp,
    payload: { stripe_customer_id: customer, value: String(value) },
  });

const total = async (meterId: string, customer: string, start = START, end = START + DAY) =>
  (
    await h.stripe.billing.meters.listEventSummaries(meterId, {
      customer,
      start_time: start,
      end_time: end,
    })
  ).data[0]!.aggregated_value;

describe('billing meters', () => {
  it('updates only the display name; the formula and event name are refused as unknown parameters', async () => {
    const { meter: m } = await meter('sum');
    const updated = await h.stripe.billing.meters.update(m.id, { display_name: 'Search calls' });
    expect(updated).toMatchObject({
      id: m.id,
      display_name: 'Search calls',
      default_aggregation: { formula: 'sum' },
    });
    await expect(
      h.stripe.billing.meters.update(m.id, {
        default_aggregation: { formula: 'count' },
      } as Stripe.Billing.MeterUpdateParams),
    ).rejects.toMatchObject({ statusCode: 400, param: 'default_aggregation' });
  });

  it('aggregates by the meter formula: sum, count, and last (latest timestamp wins)', async () => {
    const c = await h.stripe.customers.create({ email: 'agg@example.com' });
    const sum = await meter('sum');
    const count = await meter('count');
    const last = await meter('last');
    for (const m of [sum, count, last]) {
      await send(m.event_name, c.id, 5, `${m.event_name}-a`, START + 300);
      await send(m.event_name, c.id, 7, `${m.event_name}-b`, START + 120);
    }
    expect(await total(sum.meter.id, c.id)).toBe(12);
    expect(await total(count.meter.id, c.id)).toBe(2);
    expect(await total(last.meter.id, c.id)).toBe(5);
  });

  it('answers a repeated identifier with 400 "already exists" and counts it once', async () => {
    const c = await h.stripe.customers.create({ email: 'dup@example.com' });
    const { meter: m, event_name } = await meter('sum');
    await send(event_name, c.id, 3, 'dup-1');
    await expect(send(event_name, c.id, 3, 'dup-1')).rejects.toMatchObject({
      statusCode: 400,
      message: 'An event already exists with identifier dup-1.',
    });
    expect(await total(m.id, c.id)).toBe(3);
  });

  it('refuses values that are not whole numbers, as Stripe does', async () => {
    const c = await h.stripe.customers.create({ email: 'frac@example.com' });
    const { event_name } = await meter('sum');
    await expect(send(event_name, c.id, 1.5, 'frac-1')).rejects.toMatchObject({
      statusCode: 400,
      param: 'payload[value]',
    });
  });

  it('lists summaries per hour or day with value_grouping_window, newest first, aligned', async () => {
    const c = await h.stripe.customers.create({ email: 'windows@example.com' });
    const { meter: m, event_name } = await meter('sum');
    const from = START - 3 * 3600;
    await send(event_name, c.id, 4, 'w-1', from + 10);
    await send(event_name, c.id, 6, 'w-2', from + 3600 + 10);
    const hours = await h.stripe.billing.meters.listEventSummaries(m.id, {
      customer: c.id,
      start_time: from,
      end_time: START,
      value_grouping_window: 'hour',
    });
    expect(hours.data.map((s) => [s.start_time - from, s.aggregated_value])).toEqual([
      [7200, 0],
      [3600, 6],
      [0, 4],
    ]);
    await expect(
      h.stripe.billing.meters.listEventSummaries(m.id, {
        customer: c.id,
        start_time: START + 60,
        end_time: START + DAY,
        value_grouping_window: 'day',
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'start_time' });
    await expect(
      h.stripe.billing.meters.listEventSummaries(m.id, {
        customer: c.id,
        start_time: START + 1,
        end_time: START + DAY,
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'start_time' });
  });

  it('cancels an event with a meter event adjustment (within 24 hours of receiving it)', async () => {
    const c = await h.stripe.customers.create({ email: 'adjust@example.com' });
    const { meter: m, event_name } = await meter('sum');
    await send(event_name, c.id, 10, 'adj-1');
    await send(event_name, c.id, 1, 'adj-2');
    const adjustment = await h.stripe.billing.meterEventAdjustments.create({
      event_name,
      type: 'cancel',
      cancel: { identifier: 'adj-1' },
    });
    expect(adjustment).toEqual({
      object: 'billing.meter_event_adjustment',
      cancel: { identifier: 'adj-1' },
      event_name,
      livemode: false,
      status: 'pending',
      type: 'cancel',
    });
    expect(await total(m.id, c.id)).toBe(1);
    await expect(
      h.stripe.billing.meterEventAdjustments.create({
        event_name,
        type: 'cancel',
        cancel: { identifier: 'nope' },
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'cancel[identifier]' });
    await expect(
      h.stripe.billing.meterEventAdjustments.create({ event_name, type: 'cancel' }),
    ).rejects.toMatchObject({ statusCode: 400, code: 'parameter_missing' });
  });

  it('bills the period usage on the next invoice at the metered price', async () => {
    const customer = await customerWithCard(h.stripe, 'pm_card_visa');
    const { event_name, price } = await meter('sum', 3);
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }, { price: price.id }],
    });
    const now = h.emulator.clock.now();
    await send(event_name, customer.id, 100, 'bill-1', now + 10);
    await send(event_name, customer.id, 50, 'bill-2', now + 20);
    h.emulator.clock.advance({ until: periodEnd(sub) });
    const invoice = (await h.stripe.invoices.list({ subscription: sub.id, limit: 1 })).data[0]!;
    const usage = invoice.lines.data.find((l) => l.pricing?.price_details?.price === price.id)!;
    expect(usage).toMatchObject({ quantity: 150, amount: 450 });
    expect(invoice.lines.data.map((l) => l.amount).sort()).toEqual([1000, 450].sort());
  });

  it('bills usage at a graduated tiered metered price (first 100 free)', async () => {
    const customer = await customerWithCard(h.stripe, 'pm_card_visa');
    const { meter: m, event_name } = await meter('sum');
    const price = await h.stripe.prices.create({
      currency: 'usd',
      product_data: { name: 'Tiered calls' },
      billing_scheme: 'tiered',
      tiers_mode: 'graduated',
      tiers: [
        { up_to: 100, unit_amount: 0 },
        { up_to: 'inf', unit_amount: 5 },
      ],
      recurring: { interval: 'month', usage_type: 'metered', meter: m.id },
    });
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
    });
    await send(event_name, customer.id, 130, 'tier-1', h.emulator.clock.now() + 5);
    h.emulator.clock.advance({ until: periodEnd(sub) });
    const invoice = (await h.stripe.invoices.list({ subscription: sub.id, limit: 1 })).data[0]!;
    expect(invoice.lines.data[0]).toMatchObject({ quantity: 130, amount: 30 * 5 });
  });

  it('keeps an identifier unique for 24 hours only: reused later, it is a second event and both count', async () => {
    const c = await h.stripe.customers.create({ email: 'reuse@example.com' });
    const { meter: m, event_name } = await meter('sum');
    const at = h.emulator.clock.now();
    await send(event_name, c.id, 5, 'reuse-1', at);
    h.emulator.clock.advance(DAY - 60);
    await expect(send(event_name, c.id, 5, 'reuse-1', at)).rejects.toMatchObject({
      statusCode: 400,
    });
    h.emulator.clock.advance(120);
    await send(event_name, c.id, 7, 'reuse-1', at + 60);
    const from = Math.floor(at / 60) * 60;
    expect(await total(m.id, c.id, from, from + 3600)).toBe(12);
  });
});

describe('meter event summaries, eventually consistent', () => {
  it('with meterSummaryDelaySeconds an event shows in summaries only that long after it was received; invoices are unaffected', async () => {
    const delayed = await harness({ meterSummaryDelaySeconds: 30 });
    try {
      const stripe = createStripeClient(delayed.emulator);
      const c = await stripe.customers.create({ email: 'delay@example.com' });
      const m = await stripe.billing.meters.create({
        display_name: 'Calls',
        event_name: 'delayed',
        default_aggregation: { formula: 'sum' },
      });
      const at = delayed.emulator.clock.now();
      await stripe.billing.meterEvents.create({
        event_name: 'delayed',
        identifier: 'delayed-1',
        timestamp: at,
        payload: { stripe_customer_id: c.id, value: '4' },
      });
      const from = Math.floor(at / 60) * 60;
      const summary = async () =>
        (
          await stripe.billing.meters.listEventSummaries(m.id, {
            customer: c.id,
            start_time: from,
            end_time: from + 3600,
          })
        ).data[0]!.aggregated_value;
      expect(await summary()).toBe(0);
      delayed.emulator.clock.advance(30);
      expect(await summary()).toBe(4);
    } finally {
      await delayed.close();
    }
  });
});

describe('meter event rate limit', () => {
  it('answers 429 rate_limit past the per-second limit (not retried by the SDK)', async () => {
    const limited = await harness({ meterEventRateLimit: 3 });
    try {
      const stripe = createStripeClient(limited.emulator, { maxNetworkRetries: 2 });
      const c = await stripe.customers.create({ email: 'rate@example.com' });
      await stripe.billing.meters.create({
        display_name: 'Calls',
        event_name: 'rated',
        default_aggregation: { formula: 'sum' },
      });
      // Align to the start of a wall-clock second so the burst falls in one window.
      await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000)));
      const results = await Promise.allSettled(
        [1, 2, 3, 4, 5].map((i) =>
          stripe.billing.meterEvents.create({
            event_name: 'rated',
            identifier: `rated-${i}`,
            payload: { stripe_customer_id: c.id, value: '1' },
          }),
        ),
      );
      const refused = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
      expect(refused).toHaveLength(2);
      expect(refused[0]!.reason as Stripe.errors.StripeError).toMatchObject({
        type: 'StripeRateLimitError',
        statusCode: 429,
        code: 'rate_limit',
      });
    } finally {
      await limited.close();
    }
  });
});
