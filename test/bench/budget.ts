/**
 * (7) Stripe reads as a budget: a renewal wave of one event for each of many customers, all at
 * once, against the emulator with Stripe's test-mode rate limit switched on (25 reads/s) —
 * Tollgate with its default read budget (20/s, a queue of 5 s) and with none. Then a renewal
 * wave of one customer spread over 600 ms, with and without the read window.
 */
import { createBilling, migrate } from '@tollgate/server';
import { createStore } from '@tollgate/server/store/store';
import { benchConfig } from './lib/billing';
import { type BenchDatabase, openPglite, openPostgres, postgresReachable } from './lib/db';
import { type EmulatorFixture, startEmulatorFixture } from './lib/emulator-fixture';
import { sign, subscriptionEvent } from './lib/event';
import { type Section, table } from './lib/report';
import { num } from './lib/stats';

type Handler = (req: Request) => Promise<Response>;

const WAVE = 150;
const TEST_MODE_LIMIT = { read: 25, write: 25 };

const request = (body: string) =>
  new Request('http://127.0.0.1/api/billing/webhook', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': sign(body) },
    body,
  });

const statusOf = async (handler: Handler, body: string) => {
  const res = await handler(request(body));
  await res.arrayBuffer();
  return res.status;
};

interface WaveFigures {
  first: Map<number, number>;
  stripe429: number;
  readsPerSecond: number;
  passes: number;
  seconds: number;
}

/**
 * Delivers every body at once; what was not answered 200 is delivered again a second later (as
 * Stripe retries), until all are done.
 */
async function wave(
  handler: Handler,
  bodies: string[],
  fixture: EmulatorFixture,
): Promise<WaveFigures> {
  const before = fixture.requestIds();
  const started = performance.now();
  let pending = bodies;
  let first: Map<number, number> | null = null;
  let passes = 0;
  while (pending.length > 0 && passes < 30) {
    passes++;
    const statuses = await Promise.all(pending.map((body) => statusOf(handler, body)));
    if (!first) {
      first = new Map();
      for (const s of statuses) first.set(s, (first.get(s) ?? 0) + 1);
    }
    pending = pending.filter((_, i) => statuses[i] !== 200);
    if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const seconds = (performance.now() - started) / 1000;
  const requests = fixture.requestsSince(before).filter((r) => r.method === 'GET');
  return {
    first: first ?? new Map(),
    stripe429: requests.filter((r) => r.status === 429).length,
    readsPerSecond: requests.filter((r) => r.status === 200).length / seconds,
    passes,
    seconds,
  };
}

/** Runs the budget benchmark. */
export async function runBudgetBench(quick = false): Promise<Section> {
  const fixture = await startEmulatorFixture();
  let database: BenchDatabase | undefined;
  try {
    database = (await postgresReachable()) === true ? await openPostgres(16) : await openPglite();
    const db = database.db;
    await migrate(db as never);
    const size = quick ? 60 : WAVE;
    const customers: { customer: string; subscription: string }[] = [];
    for (let i = 0; i < size + 1; i++) {
      const customer = await fixture.subscribedCustomer(10_000 + i);
      await createStore(db as never).linkCustomer(`bench_user_${10_000 + i}`, customer, null);
      const [subscription] = (await fixture.stripe.subscriptions.list({ customer })).data;
      customers.push({ customer, subscription: subscription!.id });
    }
    const one = customers.pop()!;
    const tag = Date.now();
    const billingWith = (stripeReads: {
      perSecond?: number;
      queue?: number;
      coalesceMs?: number;
    }) =>
      createBilling(benchConfig({ stripe: fixture.stripe, store: db as never, stripeReads }))
        .handler;
    // Load the price list before the limit is on (one read per process, cached).
    const budgeted = billingWith({ perSecond: 20, queue: 100, coalesceMs: 0 });
    const unbounded = billingWith({ perSecond: 1_000_000, coalesceMs: 0 });
    await budgeted(request(subscriptionEvent(`evt_warm_a_${tag}`, one.customer, one.subscription)));
    await unbounded(
      request(subscriptionEvent(`evt_warm_b_${tag}`, one.customer, one.subscription)),
    );

    fixture.setRateLimit(TEST_MODE_LIMIT);
    const bodies = (name: string) =>
      customers.map((c, i) =>
        subscriptionEvent(`evt_wave_${tag}_${name}_${i}`, c.customer, c.subscription),
      );
    const withBudget = await wave(budgeted, bodies('budget'), fixture);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const without = await wave(unbounded, bodies('none'), fixture);
    fixture.setRateLimit(null);

    // One customer's renewal wave: 6 events 100 ms apart, with and without the read window.
    const renewal = async (coalesceMs: number) => {
      const handler = billingWith({ perSecond: 1_000_000, coalesceMs });
      await handler(
        request(
          subscriptionEvent(`evt_rw_warm_${coalesceMs}_${tag}`, one.customer, one.subscription),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, coalesceMs + 50));
      const before = fixture.requestIds();
      const answers: Promise<number>[] = [];
      for (let i = 0; i < 6; i++) {
        answers.push(
          statusOf(
            handler,
            subscriptionEvent(`evt_rw_${coalesceMs}_${tag}_${i}`, one.customer, one.subscription),
          ),
        );
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await Promise.all(answers);
      return fixture
        .requestsSince(before)
        .filter((r) => r.method === 'GET' && r.path === '/v1/subscriptions').length;
    };
    const windowOff = await renewal(0);
    const windowOn = await renewal(1000);

    const answers = (f: WaveFigures) =>
      [...f.first]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${n}× ${s}`)
        .join(', ');
    const row = (name: string, f: WaveFigures) => [
      name,
      answers(f),
      String(f.stripe429),
      num(f.readsPerSecond, 1),
      `${f.passes} (${num(f.seconds, 1)} s)`,
    ];
    const body = [
      `A renewal wave: one \`customer.subscription.updated\` for each of ${customers.length} subscribed customers, all delivered at once to \`createBilling(...).handler\` (in-process, ${database.name}), with the emulator's rate limit on at Stripe's test-mode figure (${TEST_MODE_LIMIT.read} reads/s, ${TEST_MODE_LIMIT.write} writes/s; live mode allows about 100/s, shared with the app's own calls). Whatever was not answered 200 is delivered again one second later, as Stripe retries, until every event is done.`,
      '',
      table(
        [
          'Tollgate',
          'first delivery answered',
          "Stripe's 429s (reads refused by the rate limit)",
          'Stripe reads/s',
          'delivery passes until all done',
        ],
        [
          row('`stripeReads` default: 20 reads/s, queue 100', withBudget),
          row('no budget', without),
        ],
      ),
      '',
      `With the budget the wave is read at its steady rate and never reaches Stripe's limit, so the app's own Stripe calls (checkouts, portal sessions) keep working through it; the deliveries past the queue are answered 429 with \`Retry-After\` and Stripe brings them back. Without it, the wave's reads hit Stripe's limit: ${without.stripe429} reads refused — and every other call the app makes in that second fails the same way.`,
      '',
      `One customer's renewal wave (6 events 100 ms apart, each needing a read): ${windowOff} Stripe reads with no read window, ${windowOn} with \`stripeReads.coalesceMs\` 1000 (the default).`,
    ].join('\n');
    return {
      title: 'Stripe read budget',
      body,
      targets: [
        {
          name: `Budget: Stripe 429s during a wave of ${customers.length} customers at test-mode limits`,
          goal: '0',
          figure: String(withBudget.stripe429),
          status: withBudget.stripe429 === 0 ? 'met' : 'missed',
        },
        {
          name: "Budget: one customer's renewal wave (6 events in 600 ms), Stripe reads",
          goal: '≤ 2',
          figure: String(windowOn),
          status: windowOn <= 2 ? 'met' : 'missed',
        },
      ],
    };
  } finally {
    fixture.setRateLimit(null);
    await database?.close();
    await fixture.close();
  }
}
