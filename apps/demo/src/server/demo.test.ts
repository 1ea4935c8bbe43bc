import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDemo, startDemo } from './demo';
import type { OutboxEmail } from './demo-store';

/** The demo booted in-process, as `pnpm demo` does, on a free port and a temp data folder. */
describe('the demo server', { timeout: 60_000 }, () => {
  let dataDir: string;
  let demo: RunningDemo;
  let cookie = '';

  const call = async (urlPath: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(`${demo.url}${urlPath}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        origin: demo.url,
        cookie,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: response.status, headers: response.headers, body: await response.text() };
  };
  const json = (response: { body: string }) => JSON.parse(response.body);

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'tollgate-demo-'));
    demo = await startDemo({ dataDir });
  }, 120_000);
  afterAll(async () => {
    await demo?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves the React app at the one URL, for any client-side route', async () => {
    for (const route of ['/', '/billing']) {
      const page = await call(route);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(page.body).toContain('<div id="root"></div>');
    }
    const script = /<script type="module" crossorigin src="([^"]+)"/.exec(
      (await call('/')).body,
    )?.[1];
    expect(script).toMatch(/^\/assets\/.+\.js$/);
    const entry = await call(script!);
    expect(entry.status).toBe(200);
    expect(entry.headers.get('content-type')).toMatch(/javascript/);
    expect(entry.body).toContain('Tollgate demo');
    expect((await call('/assets/nope.js')).status).toBe(404);
  });

  it('signs users in with the picker and refuses unknown ones', async () => {
    const signedOut = json(await call('/api/demo/session'));
    expect(signedOut.user).toBeNull();
    expect(signedOut.mode).toBe('emulator');
    expect(signedOut.users.length).toBeGreaterThanOrEqual(2);

    const unknown = await call('/api/demo/session', { body: { userId: 'user_mallory' } });
    expect(unknown.status).toBe(400);
    expect(json(unknown).error.code).toBe('UNKNOWN_USER');

    const signIn = await call('/api/demo/session', { body: { userId: 'user_alice' } });
    expect(signIn.status).toBe(200);
    cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    expect(json(signIn).user.id).toBe('user_alice');
  });

  it('mounts the billing API with the demo catalog pushed to the emulator', async () => {
    const plans = json(await call('/api/billing/plans'));
    expect(plans.plans.map((plan: { key: string }) => plan.key)).toEqual([
      'free',
      'starter',
      'pro',
      'team',
      'enterprise',
    ]);
    const pro = plans.plans.find((plan: { key: string }) => plan.key === 'pro');
    // The launch promotion code the pricing page shows exists in Stripe, 20 % off for 3 months.
    const [launch] = (
      await demo.stripe.promotionCodes.list({
        code: 'LAUNCH20',
        expand: ['data.promotion.coupon'],
      })
    ).data;
    expect(launch?.promotion.coupon).toMatchObject({
      percent_off: 20,
      duration: 'repeating',
      duration_in_months: 3,
    });
    const team = plans.plans.find((plan: { key: string }) => plan.key === 'team');
    expect(team.seats).toEqual({ min: 2, max: 50, included: 0 });
    expect(team.prices).toContainEqual({ interval: 'month', amount: 1200, currency: 'usd' });
    expect(pro.prices).toEqual(
      expect.arrayContaining([
        { interval: 'month', amount: 2900, currency: 'usd' },
        { interval: 'year', amount: 29000, currency: 'usd' },
      ]),
    );
    const addon = await demo.stripe.prices.list({ lookup_keys: ['demo_api_calls_tiered'] });
    expect(addon.data[0]?.recurring?.usage_type).toBe('metered');

    const status = json(await call('/api/billing/status'));
    expect(status).toMatchObject({ plan: 'free', status: 'none', access: 'full' });
  });

  it('answers 401 to billing and demo routes when signed out', async () => {
    const saved = cookie;
    cookie = '';
    expect((await call('/api/billing/status')).status).toBe(401);
    expect((await call('/api/demo/outbox')).status).toBe(401);
    cookie = saved;
  });

  it('gates the API console by plan on the server too', async () => {
    const refused = await call('/api/demo/usage/api-calls', { body: {} });
    expect(refused.status).toBe(403);
    expect(json(refused).error.code).toBe('NOT_ENTITLED');
    const project = json(await call('/api/demo/usage/projects', { body: {} }));
    expect(project).toEqual({ projects: 1, apiCalls: 0 });
    const overLimit = await call('/api/demo/usage/projects', { body: {} });
    expect(overLimit.status).toBe(403);
    expect(json(overLimit).error.code).toBe('LIMIT_REACHED');
  });

  it('moves the emulator clock from the developer panel', async () => {
    const before = Date.parse(json(await call('/api/demo/dev')).now);
    const after = json(await call('/api/demo/dev/advance-day', { body: {} }));
    expect(Date.parse(after.now) - before).toBeGreaterThanOrEqual(86_400_000);
    const noTrial = await call('/api/demo/dev/trial-end', { body: {} });
    expect(noTrial.status).toBe(409);
    expect(json(noTrial).error.code).toBe('NO_TRIAL');
    const unknown = await call('/api/demo/dev/time-travel', { body: {} });
    expect(unknown.status).toBe(400);
  });
});

/** Each demo user has their own Stripe test clock: one user's time travel leaves the others alone. */
describe('the demo’s per-user test clocks', { timeout: 90_000 }, () => {
  let dataDir: string;
  let demo: RunningDemo;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'tollgate-demo-clocks-'));
    demo = await startDemo({ dataDir });
  }, 120_000);
  afterAll(async () => {
    await demo?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function signIn(userId: string) {
    const res = await fetch(`${demo.url}/api/demo/session`, {
      method: 'POST',
      headers: { origin: demo.url, 'content-type': 'application/json' },
      body: JSON.stringify({ userId }),
    });
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    return async (urlPath: string, body?: unknown) => {
      const response = await fetch(`${demo.url}${urlPath}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { origin: demo.url, cookie, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
  }

  async function subscribe(call: Awaited<ReturnType<typeof signIn>>) {
    const checkout = await call('/api/billing/checkout', { plan: 'starter', interval: 'month' });
    expect(checkout.status).toBe(200);
    const paid = await fetch(String(checkout.body.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=pay&card=4242424242424242',
      redirect: 'manual',
    });
    expect(paid.status).toBe(303);
    await demo.settle();
  }

  const subscriptionOf = async (email: string) => {
    const customers = await demo.stripe.customers.list({ email });
    const customer = customers.data[0]!;
    const subs = await demo.stripe.subscriptions.list({ customer: customer.id });
    return { customer, sub: subs.data[0]! };
  };

  it('the API console records calls through the usage outbox; /usage shows them and Stripe gets them', async () => {
    const carol = await signIn('user_carol');
    await subscribe(carol);
    for (let i = 0; i < 3; i++) {
      expect((await carol('/api/demo/usage/api-calls', {})).status).toBe(200);
    }
    const meterOf = async () =>
      ((await carol('/api/billing/usage')).body.meters as Record<string, unknown>[])[0]!;
    expect(await meterOf()).toMatchObject({
      meter: 'demo_api_calls',
      used: 3,
      included: 100,
      limit: 'hard',
      state: 'ok',
    });
    // The in-process deliverer sends them to Stripe's meter on its own.
    for (let i = 0; i < 100 && (await meterOf()).pending !== 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await meterOf()).toMatchObject({ used: 3, delivered: 3, pending: 0 });
    const { customer } = await subscriptionOf('carol@example.com');
    const meter = (await demo.stripe.billing.meters.list()).data.find(
      (m) => m.event_name === 'demo_api_calls',
    )!;
    const now = Math.ceil(Date.now() / 1000 / 86_400) * 86_400 + 86_400 * 60;
    const summary = await demo.stripe.billing.meters.listEventSummaries(meter.id, {
      customer: customer.id,
      start_time: now - 86_400 * 400,
      end_time: now,
    });
    expect(summary.data[0]!.aggregated_value).toBe(3);
  });

  it('jump to renewal renews only the signed-in user’s subscription', async () => {
    const alice = await signIn('user_alice');
    const bob = await signIn('user_bob');
    await subscribe(alice);
    await subscribe(bob);
    const a = await subscriptionOf('alice@example.com');
    const b = await subscriptionOf('bob@example.com');
    expect(a.customer.test_clock).toBeTruthy();
    expect(a.customer.test_clock).not.toBe(b.customer.test_clock);

    const bobBefore = (await bob('/api/demo/dev')).body.now;
    const renewed = await alice('/api/demo/dev/renewal', {});
    expect(renewed.status).toBe(200);
    expect(Date.parse(String(renewed.body.now))).toBeGreaterThan(
      a.sub.items.data[0]!.current_period_end * 1000,
    );

    const invoices = async (sub: { id: string }) =>
      (await demo.stripe.invoices.list({ subscription: sub.id })).data;
    expect(await invoices(a.sub)).toHaveLength(2);
    expect(await invoices(b.sub)).toHaveLength(1);
    expect((await bob('/api/demo/dev')).body.now).toBe(bobBefore);
    const status = await alice('/api/billing/status');
    expect(status.body).toMatchObject({ plan: 'starter', status: 'active' });

    // Each receipt is dated when its payment happened on Alice's clock, from the signed event the
    // webhook carried: the outbox reads no event back from Stripe.
    const receipts = ((await alice('/api/demo/outbox')).body.emails as OutboxEmail[]).filter(
      (email) => email.kind === 'payment_succeeded',
    );
    const paid = demo
      .emulator!.events.ofType('invoice.paid')
      .filter((e) => {
        const invoice = e.data.object as Stripe.Invoice;
        return invoice.customer === a.customer.id && invoice.amount_paid > 0;
      })
      .map((e) => new Date(e.created * 1000).toISOString());
    expect(receipts.map((email) => email.sentAt).sort()).toEqual(paid.sort());
    expect(new Set(paid).size).toBe(2);
    expect(demo.emulator!.requests.filter((r) => r.path.startsWith('/v1/events'))).toEqual([]);
  });
});
