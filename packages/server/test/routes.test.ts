import { type Catalog, definePlans } from '@tollgate/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog, get, makeBilling, memoryLogger, post } from '../../../test/app';
import { pglite, type TestDb } from '../../../test/database';
import { createStore } from '../src/store/store';
import { pushCatalog } from '../src/stripe/push-catalog';
import { type Stack, startStack } from './helpers/stack';

let t: TestDb;
let s: Stack;
beforeAll(async () => {
  t = await pglite('routes');
  s = await startStack(t);
}, 60_000);
afterAll(async () => {
  await s?.close();
  await t?.close();
});

describe('GET /plans', () => {
  it('joins the catalog with live prices resolved by lookup key', async () => {
    const res = await s.billing.handler(get('/plans', null));
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      plans: { key: string; prices: unknown[] }[];
      current: unknown;
    };
    expect(body.plans.map((p) => p.key)).toEqual(['free', 'pro', 'business']);
    expect(body.plans[1]?.prices).toEqual([
      { interval: 'month', amount: 2000, currency: 'usd' },
      { interval: 'year', amount: 20000, currency: 'usd' },
    ]);
    expect(body.current).toBeNull();
  });
});

describe('POST /checkout', { timeout: 30_000 }, () => {
  it('hosted: creates one customer for concurrent clicks and a session with the trial and metadata', async () => {
    const responses = await Promise.all(
      [1, 2, 3].map(() =>
        s.billing.handler(post('/checkout', { plan: 'pro', interval: 'month' }, 'click')),
      ),
    );
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as {
      uiMode: string;
      url: string;
    }[];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(bodies.every((b) => b.uiMode === 'hosted' && b.url.startsWith(s.emulator.url))).toBe(
      true,
    );
    const customers = await s.stripe.customers.list({ email: 'click@example.test' });
    expect(customers.data).toHaveLength(1);
    const session = await s.stripe.checkout.sessions.retrieve(bodies[0]!.url.split('/').pop()!);
    expect(session.customer).toBe(customers.data[0]!.id);
    expect(session.metadata).toMatchObject({ userId: 'click', plan: 'pro' });
    expect(session.success_url).toMatch(
      /^https:\/\/app\.example\.test\/billing\?checkout=success&session_id=/,
    );
  });

  it('embedded: answers a client secret', async () => {
    const res = await s.billing.handler(
      post('/checkout', { plan: 'business', interval: 'year', uiMode: 'embedded' }, 'emb'),
    );
    const body = (await res.json()) as { uiMode: string; clientSecret: string };
    expect(body.uiMode).toBe('embedded');
    expect(body.clientSecret).toMatch(/_secret_/);
  });

  it('completing checkout syncs through the webhook; a second checkout is 409 ALREADY_SUBSCRIBED', async () => {
    await s.subscribe('sub1', 'pro', 'month');
    const status = await s.status('sub1');
    expect(status).toMatchObject({
      plan: 'pro',
      interval: 'month',
      status: 'trialing',
      access: 'full',
      trialEligible: false,
    });
    const again = await s.billing.handler(
      post('/checkout', { plan: 'business', interval: 'month' }, 'sub1'),
    );
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe(
      'ALREADY_SUBSCRIBED',
    );
    const plans = (await (await s.billing.handler(get('/plans', 'sub1'))).json()) as {
      current: unknown;
      trialEligible: boolean;
    };
    expect(plans.current).toEqual({ plan: 'pro', interval: 'month' });
    expect(plans.trialEligible).toBe(false);
  });

  it('a user whose trial ended in a canceled subscription checks out again without a trial', async () => {
    await s.subscribe('retrial', 'pro', 'month');
    expect(await s.status('retrial')).toMatchObject({ status: 'trialing' });
    const [customer] = (await s.stripe.customers.list({ email: 'retrial@example.test' })).data;
    const [subscription] = (await s.stripe.subscriptions.list({ customer: customer!.id })).data;
    await s.stripe.subscriptions.cancel(subscription!.id);
    await s.settle();
    await s.subscribe('retrial', 'pro', 'month');
    expect(await s.status('retrial')).toMatchObject({
      plan: 'pro',
      status: 'active',
      trialEligible: false,
    });
  });
});

describe('GET /status', () => {
  it('never calls Stripe', async () => {
    const before = s.emulator.requests.length;
    const res = await s.billing.handler(get('/status', 'sub1'));
    expect(res.status).toBe(200);
    expect(s.emulator.requests.length).toBe(before);
  });
});

describe('write routes on a stale store', { timeout: 30_000 }, () => {
  it('regression: cancel right after checkout, before its webhooks landed, syncs first instead of 409', async () => {
    await s.subscribe('stale', 'business', 'month');
    const customer = (await createStore(t.db, t.schema).customerForUser('stale'))!.customerId!;
    await t.db.query(
      `UPDATE "${t.schema}".tollgate_snapshots SET snapshot = NULL WHERE customer_id = $1`,
      [customer],
    );
    const res = await s.billing.handler(post('/cancel', {}, 'stale'));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { cancelAt: string | null }).cancelAt).not.toBeNull();
  });
});

describe('POST /portal', () => {
  it('opens the caller’s own customer portal, with a deep link', async () => {
    const res = await s.billing.handler(
      post('/portal', { flow: 'payment_method_update', returnPath: '/settings' }, 'sub1'),
    );
    expect(res.status).toBe(200);
    const { url } = (await res.json()) as { url: string };
    expect(url.startsWith(s.emulator.url)).toBe(true);
    const customer = (await createStore(t.db, t.schema).customerForUser('sub1'))!.customerId;
    const session = Object.values(s.emulator.state.portalSessions).at(-1) as {
      customer: string;
      return_url: string;
    };
    expect(session.customer).toBe(customer);
    expect(session.return_url).toBe('https://app.example.test/settings');
  });
  it('answers 409 NO_SUBSCRIPTION for a user without a customer', async () => {
    const res = await s.billing.handler(post('/portal', {}, 'nobody'));
    expect(res.status).toBe(409);
  });
});

describe('catalog', { timeout: 30_000 }, () => {
  const billingOf = (broken: Catalog) =>
    makeBilling({
      stripe: s.stripe,
      store: t.db,
      schema: t.schema,
      catalog: broken,
      logger: memoryLogger(),
    });

  it('an unknown lookup key is a configuration error naming it', async () => {
    const broken = definePlans([
      { key: 'free', name: 'Free', free: true },
      { key: 'ghost', name: 'Ghost', prices: { month: 'tg_missing_month' } },
    ]);
    const billing = billingOf(broken);
    const res = await billing.handler(get('/plans', null));
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('CONFIG_INVALID');
    expect(body.error.message).toContain('tg_missing_month');

    const report = await billing.health();
    expect(report.status).toBe('error');
    expect(report.status === 'error' && report.problems[0]).toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('"tg_missing_month" (plan ghost, month)'),
    });
  });

  it('a missing price id is named as an id, with the fix for ids (not a lookup key to push)', async () => {
    const broken = definePlans([
      { key: 'free', name: 'Free', free: true },
      { key: 'pro', name: 'Pro', prices: { month: 'tg_pro_month' } },
      { key: 'ghost', name: 'Ghost', prices: { month: { priceId: 'price_ghost' } } },
    ]);
    const billing = billingOf(broken);
    const report = await billing.health();
    expect(report.status === 'error' && report.problems[0]).toMatchObject({
      code: 'CONFIG_INVALID',
      message:
        'No Stripe price has the id "price_ghost" (plan ghost, month) — correct the catalog\'s price ids (copy them from the dashboard of the Stripe account and mode, test or live, whose secret key this server uses) or name the prices by lookup key.',
    });
  });

  it('missing lookup keys and ids in one catalog are each named with their own fix', async () => {
    const broken = definePlans([
      { key: 'free', name: 'Free', free: true },
      { key: 'ghost', name: 'Ghost', prices: { month: 'tg_gone_month', year: 'tg_gone_year' } },
      { key: 'spook', name: 'Spook', prices: { month: { priceId: 'price_spook' } } },
    ]);
    const billing = billingOf(broken);
    const res = await billing.handler(get('/plans', null));
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.message).toMatch(
      /^No active Stripe price has the lookup keys "tg_gone_month" \(plan ghost, month\), "tg_gone_year" \(plan ghost, year\) — run `tollgate catalog push` or create prices with these lookup keys\. No Stripe price has the id "price_spook" \(plan spook, month\) — correct/,
    );
  });

  it('health() reports ok with every catalog price resolved', async () => {
    expect(await s.billing.health()).toEqual({
      status: 'ok',
      prices: 4,
      usage: { pending: 0, oldestPendingAt: null, refused: 0 },
    });
  });

  it('catalog push is idempotent, moves the lookup key on a price change (never deleting), and /plans follows price events', async () => {
    // Everything unchanged but the metered price the catalog names by lookup key alone.
    expect(
      (await pushCatalog(s.stripe, catalog))
        .filter((step) => step.action !== 'unchanged')
        .map((step) => [step.meter, step.action, step.detail]),
    ).toEqual([
      [
        'api_calls',
        'missing',
        'tg_api_calls: give the catalog price an amount and currency to create it',
      ],
    ]);
    const [before] = (await s.stripe.prices.list({ lookup_keys: ['tg_pro_month'] })).data;
    const repriced = definePlans(
      catalog.plans.map((plan) =>
        plan.key === 'pro'
          ? {
              ...plan,
              prices: {
                ...plan.prices,
                month: { lookupKey: 'tg_pro_month', amount: 2500, currency: 'usd' },
              },
            }
          : plan,
      ),
    );
    const steps = await pushCatalog(s.stripe, repriced);
    expect(steps.find((step) => step.plan === 'pro' && step.interval === 'month')?.action).toBe(
      'moved',
    );
    const [after] = (await s.stripe.prices.list({ lookup_keys: ['tg_pro_month'] })).data;
    expect(after?.unit_amount).toBe(2500);
    expect((await s.stripe.prices.retrieve(before!.id)).active).toBe(true);
    await s.settle();
    const plans = (await (await s.billing.handler(get('/plans', null))).json()) as {
      plans: { key: string; prices: { interval: string; amount: number }[] }[];
    };
    expect(
      plans.plans.find((p) => p.key === 'pro')?.prices.find((p) => p.interval === 'month')?.amount,
    ).toBe(2500);
    expect(
      (await pushCatalog(s.stripe, catalog)).find(
        (step) => step.plan === 'pro' && step.interval === 'month',
      )?.action,
    ).toBe('moved');
  });
});
