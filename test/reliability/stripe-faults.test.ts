import { errorBodySchema, RETRYABLE_CODES } from '@tollgate/core';
import { createStore } from '@tollgate/server/store/store';
import { createStripeClient } from '@tollgate/stripe-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, post } from '../app';
import { compareWithStripe } from './support/converge';
import { openDatabase, type ReliabilityDb } from './support/db';
import {
  CODE_OF,
  type FaultKind,
  inject,
  PERSISTENT,
  type StripeCall,
  TRANSIENT,
} from './support/faults';
import { printFigures, SOAK, TIMEOUT } from './support/figures';
import { startTimeoutProxy } from './support/proxy';
import { type Stack, startStack } from './support/stack';

/**
 * Stripe answering 500, 429 or nothing at all (a timeout after the write happened) on each call
 * a route makes. The route must succeed through the SDK's retries or answer a retryable error,
 * and never leave a half-written customer: a Stripe customer without a stored link, or two
 * customers for one user.
 */
const CLIENT_TIMEOUT_MS = 700;
/** Longer than a route spends on a call that fails all three of the SDK's attempts. */
const HOLD_WEBHOOKS_MS = 3 * CLIENT_TIMEOUT_MS + 2_000;

type Setup = 'new' | 'pro' | 'business' | 'canceling';
interface Target {
  route: string;
  call: StripeCall;
  setup: Setup;
  request: (user: string) => Request;
  /** Statuses a retry after a persistent fault may answer (the first write may have landed). */
  retryOk: number[];
}

const TARGETS: Target[] = [
  {
    route: 'GET /plans',
    call: { method: 'GET', path: '/v1/prices' },
    setup: 'new',
    request: (u) => get('/plans', u),
    retryOk: [200],
  },
  {
    route: 'POST /checkout',
    call: { method: 'POST', path: '/v1/customers' },
    setup: 'new',
    request: (u) => post('/checkout', { plan: 'business', interval: 'month' }, u),
    retryOk: [200],
  },
  {
    route: 'POST /checkout',
    call: { method: 'GET', path: '/v1/subscriptions' },
    setup: 'new',
    request: (u) => post('/checkout', { plan: 'business', interval: 'month' }, u),
    retryOk: [200],
  },
  {
    route: 'POST /checkout',
    call: { method: 'POST', path: '/v1/checkout/sessions' },
    setup: 'new',
    request: (u) => post('/checkout', { plan: 'pro', interval: 'year' }, u),
    retryOk: [200],
  },
  {
    route: 'POST /portal',
    call: { method: 'POST', path: '/v1/billing_portal/sessions' },
    setup: 'business',
    request: (u) => post('/portal', { flow: 'payment_method_update' }, u),
    retryOk: [200],
  },
  {
    route: 'POST /preview',
    call: { method: 'GET', path: '/v1/subscriptions/*' },
    setup: 'pro',
    request: (u) => post('/preview', { plan: 'business', interval: 'month' }, u),
    retryOk: [200],
  },
  {
    route: 'POST /preview',
    call: { method: 'POST', path: '/v1/invoices/create_preview' },
    setup: 'pro',
    request: (u) => post('/preview', { plan: 'business', interval: 'month' }, u),
    retryOk: [200],
  },
  {
    route: 'POST /change',
    call: { method: 'POST', path: '/v1/subscriptions/*' },
    setup: 'pro',
    request: (u) => post('/change', { plan: 'business', interval: 'month' }, u),
    retryOk: [200, 409],
  },
  {
    route: 'POST /change (downgrade)',
    call: { method: 'POST', path: '/v1/subscription_schedules' },
    setup: 'business',
    request: (u) => post('/change', { plan: 'pro', interval: 'month' }, u),
    retryOk: [200],
  },
  {
    route: 'POST /cancel',
    call: { method: 'POST', path: '/v1/subscriptions/*' },
    setup: 'business',
    request: (u) => post('/cancel', {}, u),
    retryOk: [200],
  },
  {
    route: 'POST /resume',
    call: { method: 'POST', path: '/v1/subscriptions/*' },
    setup: 'canceling',
    request: (u) => post('/resume', {}, u),
    retryOk: [200],
  },
];

const KINDS: readonly FaultKind[] = SOAK
  ? [...TRANSIENT, ...PERSISTENT]
  : ['429 then ok', 'timeout then ok', '500 always'];

let db: ReliabilityDb;
let stack: Stack;
let proxy: Awaited<ReturnType<typeof startTimeoutProxy>>;

beforeAll(async () => {
  db = await openDatabase('faults');
  let upstream = '';
  proxy = await startTimeoutProxy(() => upstream);
  stack = await startStack({
    db,
    seed: 3,
    emulator: { webhookRetrySchedule: [50, 100, 200, 400, 800, 1_600, 3_200] },
    stripeFor: (emulator) => {
      upstream = emulator.url;
      return createStripeClient(emulator, {
        port: proxy.port,
        timeout: CLIENT_TIMEOUT_MS,
        maxNetworkRetries: 2,
      });
    },
  });
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await proxy?.close();
  await db?.close();
});

/** Every user's Stripe customers (by the email our auth gives them) against the stored link. */
async function halfWritten(users: string[]): Promise<string[]> {
  const store = createStore(db.pools[0], db.schema);
  const problems: string[] = [];
  for (const user of users) {
    const list = await stack.stripe.customers.list({ email: `${user}@example.test`, limit: 10 });
    const link = await store.customerForUser(user);
    if (list.data.length > 1) problems.push(`${user}: ${list.data.length} Stripe customers`);
    if (list.data.length === 1 && link?.customerId !== list.data[0]!.id) {
      problems.push(`${user}: Stripe customer ${list.data[0]!.id} has no stored link`);
    }
    if (link?.customerId && !list.data.some((c) => c.id === link.customerId)) {
      problems.push(`${user}: stored link to ${link.customerId}, which Stripe does not have`);
    }
  }
  return problems;
}

async function prepare(user: string, setup: Setup): Promise<void> {
  if (setup === 'new') return;
  await stack.subscribe(user, setup === 'pro' ? 'pro' : 'business', 'month', 'pm_card_visa');
  await stack.emulator.idle();
  if (setup === 'canceling') {
    const res = await stack.instances[0]!.billing.handler(post('/cancel', {}, user));
    expect(res.status).toBe(200);
    await stack.emulator.idle();
  }
}

describe('Stripe faults', () => {
  it(
    'every route survives 500s, 429s and timeouts on each Stripe call it makes',
    async () => {
      const started = Date.now();
      const users: string[] = [];
      const outcomes: string[] = [];
      let tried = 0;
      let recovered = 0;
      let retryable = 0;
      let fiveHundreds = 0;
      let injected = 0;
      for (const target of TARGETS) {
        for (const kind of KINDS) {
          tried += 1;
          const user = `f${tried}`;
          users.push(user);
          await prepare(user, target.setup);
          const billing =
            target.route === 'GET /plans' ? stack.fresh() : stack.instances[0]!.billing;
          inject(stack, proxy, kind, target.call);
          // A new customer's own webhooks sync it too, and could take the injected failures
          // before the route's call does: hold them until the route has answered.
          if (target.setup === 'new' && CODE_OF[kind] !== null) {
            stack.emulator.faults.webhooks.delay({
              minMs: HOLD_WEBHOOKS_MS,
              maxMs: HOLD_WEBHOOKS_MS,
            });
          }
          const res = await billing.handler(target.request(user));
          const body = (await res.json()) as unknown;
          injected += stack.emulator.faults.api.injected.length;
          stack.emulator.faults.reset();
          proxy.reset();
          await stack.emulator.idle();
          const label = `${target.route} ${target.call.method} ${target.call.path} ${kind}`;
          if (res.status >= 500 && res.status !== 503) fiveHundreds += 1;
          const expected = CODE_OF[kind];
          if (expected === null) {
            if (res.status === 200) recovered += 1;
            else outcomes.push(`${label}: ${res.status} ${JSON.stringify(body)}`);
          } else {
            const parsed = errorBodySchema.safeParse(body);
            const code = parsed.success ? parsed.data.error.code : null;
            if (code === expected && RETRYABLE_CODES.has(code)) retryable += 1;
            else
              outcomes.push(`${label}: ${res.status} ${JSON.stringify(body)} (wanted ${expected})`);
            const again = await billing.handler(target.request(user));
            if (!target.retryOk.includes(again.status)) {
              outcomes.push(`${label}: retry answered ${again.status} ${await again.text()}`);
            }
            await stack.emulator.idle();
          }
        }
      }
      const problems = await halfWritten(users);
      printFigures(`Stripe faults (${db.kind}, ${SOAK ? 'soak' : 'default'} size)`, {
        'scenarios (route × call × fault)': tried,
        'faults per scenario': KINDS.join(', '),
        'recovered by SDK retries': recovered,
        'answered a retryable error': retryable,
        'wrong answers': outcomes.length,
        'non-503 5xx': fiveHundreds,
        'timeouts swallowed by the proxy': proxy.state.swallowed,
        '500/429 injected by the emulator': injected,
        'users checked / half-written or doubled': `${users.length} / ${problems.length}`,
        seconds: ((Date.now() - started) / 1000).toFixed(1),
      });
      expect(outcomes).toEqual([]);
      expect(problems).toEqual([]);
      expect(fiveHundreds).toBe(0);
    },
    TIMEOUT,
  );

  it('webhooks ask for a retry (503 for a Stripe outage, 429 while Stripe rate-limits) while Stripe fails the sync, then converge', async () => {
    const started = Date.now();
    const user = 'fw';
    await stack.subscribe(user, 'business', 'month', 'pm_card_visa');
    await stack.emulator.idle();
    const link = await createStore(db.pools[0], db.schema).customerForUser(user);
    const customer = link!.customerId!;
    const [subscription] = (await stack.stripe.subscriptions.list({ customer })).data;
    const from = stack.emulator.deliveries.log.length;
    // The sync's one read (the subscription list): an outage first, then Stripe's rate limit.
    stack.emulator.faults.api.fail({
      status: 500,
      times: 3,
      method: 'GET',
      path: '/v1/subscriptions',
    });
    stack.emulator.faults.api.fail({ status: 429, method: 'GET', path: '/v1/subscriptions' });
    await stack.stripe.subscriptions.update(subscription!.id, { cancel_at_period_end: true });
    const answered = (status: (s: number) => boolean) =>
      stack.emulator.deliveries.log.slice(from).some((a) => status(a.status ?? 0));
    for (let i = 0; i < 400 && !(answered((s) => s >= 500) && answered((s) => s === 429)); i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    stack.emulator.faults.api.reset();
    await stack.emulator.idle();
    const attempts = stack.emulator.deliveries.log.slice(from);
    const statuses = attempts.map((a) => a.status);
    const state = await compareWithStripe(
      stack.stripe,
      db.pools[0],
      db.schema,
      () => new Date(stack.emulator.clock.now() * 1000),
    );
    const stored = await createStore(db.pools[0], db.schema).snapshot(customer);
    printFigures('Stripe faults during webhook syncs', {
      'delivery attempts': attempts.length,
      'answered 5xx / 429 (retry asked) / 200': `${statuses.filter((s) => (s ?? 0) >= 500).length} / ${statuses.filter((s) => s === 429).length} / ${statuses.filter((s) => s === 200).length}`,
      'answered anything else': statuses.filter((s) => s !== 200 && s !== 429 && (s ?? 0) < 500)
        .length,
      'given up': attempts.filter((a) => a.nextRetryAt === null && a.outcome !== 'delivered')
        .length,
      'customers compared / diverged': `${state.customers} / ${state.divergences.length}`,
      seconds: ((Date.now() - started) / 1000).toFixed(1),
    });
    expect(statuses.some((s) => (s ?? 0) >= 500)).toBe(true);
    expect(statuses.some((s) => s === 429)).toBe(true);
    expect(statuses.filter((s) => s !== 200 && s !== 429 && (s ?? 0) < 500)).toEqual([]);
    expect(attempts.at(-1)?.outcome).toBe('delivered');
    expect(stored?.subscription?.cancelAtPeriodEnd).toBe(true);
    expect(state.divergences).toEqual([]);
  });
});
