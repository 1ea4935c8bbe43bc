import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateInvoicePayment } from '../src/engine/index.js';
import {
  customerWithCard,
  DAY,
  eventTypesSince,
  type Harness,
  harness,
  periodEnd,
  previewThenUpdate,
} from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h.close());

async function subscribed(card = 'pm_card_visa'): Promise<Stripe.Subscription> {
  const customer = await customerWithCard(h.stripe, 'pm_card_visa');
  const sub = await h.stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: h.monthly.id }],
  });
  if (card !== 'pm_card_visa') {
    const pm = await h.stripe.paymentMethods.attach(card, { customer: customer.id });
    return h.stripe.subscriptions.update(sub.id, { default_payment_method: pm.id });
  }
  return sub;
}

describe('plan changes', () => {
  it('upgrade now: subscription updated, proration invoice created, finalized and paid', async () => {
    const sub = await subscribed();
    const before = h.emulator.events.all().length;
    const updated = await h.stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0]!.id, price: h.premium.id }],
      proration_behavior: 'always_invoice',
      payment_behavior: 'pending_if_incomplete',
    });
    expect(updated.items.data[0]!.price.id).toBe(h.premium.id);
    const types = eventTypesSince(h.emulator, before);
    for (const t of [
      'customer.subscription.updated',
      'invoice.created',
      'invoice.finalized',
      'invoice.paid',
      'invoice.payment_succeeded',
    ]) {
      expect(types).toContain(t);
    }
  });

  it('pending_if_incomplete with a failing card keeps the change in pending_update until paid', async () => {
    const sub = await subscribed('pm_card_chargeCustomerFail');
    const updated = await h.stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0]!.id, price: h.premium.id }],
      proration_behavior: 'always_invoice',
      payment_behavior: 'pending_if_incomplete',
      expand: ['latest_invoice'],
    });
    expect(updated.items.data[0]!.price.id).toBe(h.monthly.id);
    expect(updated.pending_update?.subscription_items?.[0]?.price.id).toBe(h.premium.id);
    expect(updated.pending_update?.expires_at).toBe(h.emulator.clock.now() + 23 * 3600);
    expect(updated.status).toBe('active');
    const invoice = updated.latest_invoice as Stripe.Invoice;
    expect(invoice.status).toBe('open');
    expect(invoice.attempt_count).toBe(1);
    const visa = await h.stripe.paymentMethods.attach('pm_card_visa', {
      customer: sub.customer as string,
    });
    await h.stripe.invoices.pay(invoice.id, { payment_method: visa.id });
    const applied = await h.stripe.subscriptions.retrieve(sub.id);
    expect(applied.items.data[0]!.price.id).toBe(h.premium.id);
    expect(applied.pending_update).toBeNull();
    const appliedEvents = h.emulator.events.ofType('customer.subscription.pending_update_applied');
    expect(appliedEvents.some((e) => (e.data.object as Stripe.Subscription).id === sub.id)).toBe(
      true,
    );
  });

  it('an unpaid pending update expires after 23 hours', async () => {
    const sub = await subscribed('pm_card_authenticationRequired');
    const updated = await h.stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0]!.id, price: h.premium.id }],
      proration_behavior: 'always_invoice',
      payment_behavior: 'pending_if_incomplete',
    });
    expect(updated.pending_update).not.toBeNull();
    const actions = h.emulator.events.ofType('invoice.payment_action_required');
    expect((actions.at(-1)!.data.object as Stripe.Invoice).id).toBe(updated.latest_invoice);
    h.emulator.clock.advance(23 * 3600);
    const after = await h.stripe.subscriptions.retrieve(sub.id);
    expect(after.pending_update).toBeNull();
    expect(after.items.data[0]!.price.id).toBe(h.monthly.id);
    expect(
      h.emulator.events
        .ofType('customer.subscription.pending_update_expired')
        .some((e) => (e.data.object as Stripe.Subscription).id === sub.id),
    ).toBe(true);
    expect((await h.stripe.invoices.retrieve(updated.latest_invoice as string)).status).toBe(
      'void',
    );
  });

  it('3DS on an upgrade: authenticating the invoice applies the pending update', async () => {
    const sub = await subscribed('pm_card_authenticationRequired');
    const updated = await h.stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0]!.id, price: h.premium.id }],
      proration_behavior: 'always_invoice',
      payment_behavior: 'pending_if_incomplete',
      expand: ['latest_invoice.confirmation_secret'],
    });
    const invoice = updated.latest_invoice as Stripe.Invoice;
    const pi = await h.stripe.paymentIntents.retrieve(
      invoice.confirmation_secret!.client_secret.split('_secret_')[0]!,
    );
    expect(pi.status).toBe('requires_action');
    expect(authenticateInvoicePayment(h.emulator.engine, invoice.id, 'complete')).toBe('succeeded');
    expect((await h.stripe.subscriptions.retrieve(sub.id)).items.data[0]!.price.id).toBe(
      h.premium.id,
    );
  });

  it('an interval change resets the cycle and bills at once: credit + full year, no remaining-time line', async () => {
    const sub = await subscribed();
    h.emulator.clock.advance(10 * DAY);
    const now = h.emulator.clock.now();
    const change = {
      items: [{ id: sub.items.data[0]!.id, price: h.yearly.id }],
      proration_behavior: 'create_prorations' as const,
      proration_date: now,
    };
    const { preview, updated, billed: invoice } = await previewThenUpdate(h.stripe, sub.id, change);
    expect(invoice.lines.data.map((l) => l.amount)).toEqual(
      preview.lines.data.map((l) => l.amount),
    );
    expect(invoice.lines.data.some((l) => l.description?.startsWith('Remaining time'))).toBe(false);
    expect(invoice.lines.data.at(-1)!.amount).toBe(30000);
    expect(invoice.lines.data[0]!.amount).toBeLessThan(0);
    expect(updated.billing_cycle_anchor).toBe(now);
    expect(updated.items.data[0]!.current_period_start).toBe(now);
    expect(invoice.status).toBe('paid');
  });

  it('scheduled downgrade: schedule from the subscription, two phases, switch at the boundary, then release', async () => {
    const customer = await customerWithCard(h.stripe);
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.premium.id }],
    });
    await expect(
      h.stripe.subscriptionSchedules.create({ from_subscription: sub.id, end_behavior: 'release' }),
    ).rejects.toMatchObject({ statusCode: 400 });
    const schedule = await h.stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    expect(schedule.phases).toHaveLength(1);
    expect(schedule.phases[0]!.end_date).toBe(periodEnd(sub));
    const phase = schedule.phases[0]!;
    const updated = await h.stripe.subscriptionSchedules.update(schedule.id, {
      phases: [
        {
          items: [{ price: h.premium.id, quantity: 1 }],
          start_date: phase.start_date,
          end_date: phase.end_date,
        },
        { items: [{ price: h.monthly.id, quantity: 1 }] },
      ],
      end_behavior: 'release',
    });
    expect(updated.phases[1]!.start_date).toBe(periodEnd(sub));
    expect((await h.stripe.subscriptions.retrieve(sub.id)).schedule).toBe(schedule.id);
    const before = h.emulator.events.all().length;
    h.emulator.clock.advance({ until: periodEnd(sub) + 3600 });
    const switched = await h.stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    expect(switched.items.data[0]!.price.id).toBe(h.monthly.id);
    expect((switched.latest_invoice as Stripe.Invoice).amount_paid).toBe(1000);
    expect(eventTypesSince(h.emulator, before)).toContain('subscription_schedule.updated');
    const next = switched.items.data[0]!.current_period_end;
    h.emulator.clock.advance({ until: next });
    const released = await h.stripe.subscriptionSchedules.retrieve(schedule.id);
    expect(released.status).toBe('released');
    expect(released.released_subscription).toBe(sub.id);
    expect((await h.stripe.subscriptions.retrieve(sub.id)).schedule).toBeNull();
  });

  it('releasing a schedule drops the pending change; cancelling one cancels the subscription', async () => {
    const a = await subscribed();
    const s1 = await h.stripe.subscriptionSchedules.create({ from_subscription: a.id });
    await h.stripe.subscriptionSchedules.update(s1.id, {
      phases: [
        {
          items: [{ price: h.monthly.id }],
          start_date: s1.phases[0]!.start_date,
          end_date: s1.phases[0]!.end_date,
        },
        { items: [{ price: h.premium.id }] },
      ],
    });
    const released = await h.stripe.subscriptionSchedules.release(s1.id);
    expect(released.status).toBe('released');
    expect(
      h.emulator.events
        .ofType('subscription_schedule.released')
        .some((e) => (e.data.object as Stripe.SubscriptionSchedule).id === s1.id),
    ).toBe(true);
    const b = await subscribed();
    const s2 = await h.stripe.subscriptionSchedules.create({ from_subscription: b.id });
    const canceled = await h.stripe.subscriptionSchedules.cancel(s2.id);
    expect(canceled.status).toBe('canceled');
    expect((await h.stripe.subscriptions.retrieve(b.id)).status).toBe('canceled');
  });
});
