import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { customerWithCard, DAY, useHarness } from './helpers.js';

const h = useHarness();

async function subscribed(): Promise<Stripe.Subscription> {
  const customer = await customerWithCard(h.stripe);
  return h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: h.monthly.id }] });
}

const latest = async (sub: Stripe.Subscription) =>
  h.stripe.invoices.retrieve(
    (await h.stripe.subscriptions.retrieve(sub.id)).latest_invoice as string,
  );

describe('pause_collection', () => {
  it.each([
    ['keep_as_draft', 'draft'],
    ['mark_uncollectible', 'uncollectible'],
    ['void', 'void'],
  ] as const)('%s: the renewal invoice ends %s and is never charged', async (behavior, status) => {
    const sub = await subscribed();
    const paused = await h.stripe.subscriptions.update(sub.id, { pause_collection: { behavior } });
    expect(paused.pause_collection).toEqual({ behavior, resumes_at: null });
    expect(paused.status).toBe('active');
    h.emulator.clock.advance(32 * DAY);
    const invoice = await latest(sub);
    expect(invoice.billing_reason).toBe('subscription_cycle');
    expect(invoice.status).toBe(status);
    // resume: the next renewal is charged again
    await h.stripe.subscriptions.update(sub.id, { pause_collection: '' });
    h.emulator.clock.advance(31 * DAY);
    expect((await latest(sub)).status).toBe('paid');
  });

  it('resumes by itself at resumes_at', async () => {
    const sub = await subscribed();
    const resumesAt = h.emulator.clock.now() + 5 * DAY;
    await h.stripe.subscriptions.update(sub.id, {
      pause_collection: { behavior: 'void', resumes_at: resumesAt },
    });
    h.emulator.clock.advance(6 * DAY);
    expect((await h.stripe.subscriptions.retrieve(sub.id)).pause_collection).toBeNull();
    expect(
      h.emulator.events.ofType('customer.subscription.updated').at(-1)?.data.object,
    ).toMatchObject({
      id: sub.id,
      pause_collection: null,
    });
  });
});
