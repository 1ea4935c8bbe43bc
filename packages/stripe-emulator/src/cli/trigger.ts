/**
 * `tollgate-emulator trigger <event>`: like `stripe trigger`, creates the objects whose life
 * produces the event (a customer, a card, a price, a subscription…) through the API.
 */
import { ApiError, call, type Target } from './api.js';

/** A trigger that cannot run; the message says why (and lists the supported events). */
class TriggerError extends Error {
  override name = 'TriggerError';
}

/** Whether `err` is a trigger's own error (printed without a stack). */
export const isTriggerError = (err: unknown): boolean => err instanceof TriggerError;

type Step = (t: Target, ctx: Record<string, string>) => Promise<void>;

const id = (o: Record<string, unknown>) => String(o.id);

const customer: Step = async (t, ctx) => {
  ctx.customer = id(
    await call(t, 'POST', '/v1/customers', {
      email: 'trigger@example.com',
      description: '(created by tollgate-emulator trigger)',
    }),
  );
};
const payingCustomer =
  (card = 'pm_card_visa'): Step =>
  async (t, ctx) => {
    ctx.customer = id(
      await call(t, 'POST', '/v1/customers', {
        email: 'trigger@example.com',
        payment_method: card,
        invoice_settings: { default_payment_method: card },
      }),
    );
  };
const price: Step = async (t, ctx) => {
  ctx.product = id(await call(t, 'POST', '/v1/products', { name: 'Trigger product' }));
  ctx.price = id(
    await call(t, 'POST', '/v1/prices', {
      product: ctx.product,
      currency: 'usd',
      unit_amount: 1500,
      recurring: { interval: 'month' },
    }),
  );
};
const subscription =
  (extra: Record<string, string | number> = {}): Step =>
  async (t, ctx) => {
    ctx.subscription = id(
      await call(t, 'POST', '/v1/subscriptions', {
        customer: ctx.customer!,
        items: [{ price: ctx.price! }],
        ...extra,
      }),
    );
  };
const paymentIntent =
  (card: string): Step =>
  async (t) => {
    await call(t, 'POST', '/v1/payment_intents', {
      amount: 2000,
      currency: 'usd',
      payment_method: card,
      confirm: true,
    }).catch((e: unknown) => {
      if (!(e instanceof ApiError) || e.status !== 402) throw e;
    });
  };
const checkout: Step = async (t, ctx) => {
  const session = await call<{ id: string; url: string }>(t, 'POST', '/v1/checkout/sessions', {
    mode: 'subscription',
    customer_email: 'trigger@example.com',
    line_items: [{ price: ctx.price!, quantity: 1 }],
    success_url: 'https://example.com/success',
  });
  // Pay on the hosted page, as a customer would.
  await fetch(session.url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'action=pay&card=4242424242424242',
    redirect: 'manual',
  });
};

const subscribed = [payingCustomer(), price, subscription()];

/** Event type → the steps that produce it. */
export const TRIGGERS: Record<string, Step[]> = {
  'customer.created': [customer],
  'customer.updated': [
    customer,
    async (t, ctx) => {
      await call(t, 'POST', `/v1/customers/${ctx.customer}`, { metadata: { triggered: 'true' } });
    },
  ],
  'customer.deleted': [
    customer,
    async (t, ctx) => {
      await call(t, 'DELETE', `/v1/customers/${ctx.customer}`);
    },
  ],
  'product.created': [price],
  'price.created': [price],
  'payment_method.attached': [payingCustomer()],
  'setup_intent.succeeded': [
    customer,
    async (t, ctx) => {
      await call(t, 'POST', '/v1/setup_intents', {
        customer: ctx.customer!,
        payment_method: 'pm_card_visa',
        confirm: true,
      });
    },
  ],
  'payment_intent.created': [paymentIntent('pm_card_visa')],
  'payment_intent.succeeded': [paymentIntent('pm_card_visa')],
  'payment_intent.payment_failed': [paymentIntent('pm_card_chargeDeclined')],
  'payment_intent.requires_action': [paymentIntent('pm_card_authenticationRequired')],
  'customer.subscription.created': subscribed,
  'invoice.created': subscribed,
  'invoice.finalized': subscribed,
  'invoice.paid': subscribed,
  'invoice.payment_succeeded': subscribed,
  'invoice.payment_failed': [payingCustomer('pm_card_chargeCustomerFail'), price, subscription()],
  'invoice.payment_action_required': [
    payingCustomer('pm_card_authenticationRequired'),
    price,
    subscription(),
  ],
  'customer.subscription.updated': [
    ...subscribed,
    async (t, ctx) => {
      await call(t, 'POST', `/v1/subscriptions/${ctx.subscription}`, {
        metadata: { triggered: 'true' },
      });
    },
  ],
  'customer.subscription.deleted': [
    ...subscribed,
    async (t, ctx) => {
      await call(t, 'DELETE', `/v1/subscriptions/${ctx.subscription}`);
    },
  ],
  'customer.subscription.trial_will_end': [
    payingCustomer(),
    price,
    subscription({ trial_period_days: 1 }),
  ],
  'subscription_schedule.created': [
    ...subscribed,
    async (t, ctx) => {
      await call(t, 'POST', '/v1/subscription_schedules', { from_subscription: ctx.subscription! });
    },
  ],
  'checkout.session.completed': [price, checkout],
};

/**
 * Runs the fixture for `event` against the emulator at `target`; returns the ids and types of
 * the events it produced, oldest first.
 * @throws Error naming the supported events when `event` has no fixture.
 */
export async function trigger(
  target: Target,
  event: string,
): Promise<Array<{ id: string; type: string }>> {
  const steps = TRIGGERS[event];
  if (!steps) {
    throw new TriggerError(
      `No fixture for "${event}". Supported events:\n  ${Object.keys(TRIGGERS).sort().join('\n  ')}`,
    );
  }
  const before = await call<{ data: Array<{ id: string }> }>(target, 'GET', '/v1/events', {
    limit: 1,
  });
  const ctx: Record<string, string> = {};
  for (const step of steps) await step(target, ctx);
  const produced: Array<{ id: string; type: string }> = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await call<{ data: Array<{ id: string; type: string }>; has_more: boolean }>(
      target,
      'GET',
      '/v1/events',
      { limit: 100, ...(cursor ? { starting_after: cursor } : {}) },
    );
    let reached = false;
    for (const e of page.data) {
      if (e.id === before.data[0]?.id) {
        reached = true;
        break;
      }
      produced.push({ id: e.id, type: e.type });
    }
    if (reached || !page.has_more || !page.data.length) break;
    cursor = page.data.at(-1)!.id;
  }
  const result = produced.reverse();
  if (!result.some((e) => e.type === event))
    throw new TriggerError(`The fixture for "${event}" ran but produced no such event.`);
  return result;
}
