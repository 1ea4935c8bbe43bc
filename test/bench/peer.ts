/**
 * (6) The peer baseline: Tollgate against the webhook handler teams write from Stripe's common
 * recipe (lib/recipe.ts), same PostgreSQL, same emulator, alternating rounds — events/s at
 * concurrency 1 and 16 with the Stripe reads each costs, then the chaos checks where the recipe
 * is wrong: concurrent duplicates, updates arriving newest first, a crash between the side
 * effect and the acknowledgement.
 */
import { createBilling, migrate } from '@tollgate/server';
import { createStore } from '@tollgate/server/store/store';
import { BENCH_CATALOG, benchConfig } from './lib/billing';
import { type BenchDatabase, openPostgres, postgresReachable, type Queryable } from './lib/db';
import { type EmulatorFixture, startEmulatorFixture } from './lib/emulator-fixture';
import { sign, subscriptionEvent } from './lib/event';
import { createRecipeHandler, migrateRecipe } from './lib/recipe';
import { type Section, skipped, table } from './lib/report';
import { fmtSpread, num, spread, times } from './lib/stats';

type Handler = (req: Request) => Promise<Response>;

const CUSTOMERS = 64;
const GOAL = 0.8;

const request = (body: string) =>
  new Request('http://127.0.0.1/api/billing/webhook', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': sign(body) },
    body,
  });

/** Delivers `bodies` with `concurrency` in flight; events/s, and every status seen. */
async function deliver(handler: Handler, bodies: string[], concurrency: number) {
  let next = 0;
  const statuses: number[] = [];
  const started = performance.now();
  const worker = async () => {
    while (next < bodies.length) {
      const res = await handler(request(bodies[next++]!));
      await res.arrayBuffer();
      statuses.push(res.status);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { rate: bodies.length / ((performance.now() - started) / 1000), statuses };
}

interface Customer {
  user: string;
  customer: string;
  subscription: string;
}

/** A Stripe customer with `metadata.userId`, a card and a monthly Pro subscription, linked in both apps. */
async function customerFor(fixture: EmulatorFixture, db: Queryable, n: number, price: string) {
  const { stripe } = fixture;
  const user = `peer_user_${n}`;
  const created = await stripe.customers.create({ metadata: { userId: user } });
  const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: created.id });
  await stripe.customers.update(created.id, {
    invoice_settings: { default_payment_method: pm.id },
  });
  const subscription = await stripe.subscriptions.create({
    customer: created.id,
    items: [{ price }],
  });
  await createStore(db).linkCustomer(user, created.id, null);
  await db.query('insert into recipe_users (user_id, customer_id) values ($1, $2)', [
    user,
    created.id,
  ]);
  return { user, customer: created.id, subscription: subscription.id };
}

/** An event as Stripe sends it, with `data.object` patched (real ids, a price, a time). */
function eventOf(
  id: string,
  c: Customer,
  patch: { type?: string; object?: Record<string, unknown>; price?: string; created?: number } = {},
) {
  const event = JSON.parse(subscriptionEvent(id, c.customer, c.subscription)) as {
    type: string;
    created: number;
    data: { object: Record<string, unknown> };
  };
  if (patch.price) {
    const items = event.data.object.items as { data: { price: { id: string } }[] };
    items.data[0]!.price.id = patch.price;
  }
  if (patch.type) event.type = patch.type;
  if (patch.object) event.data.object = patch.object;
  if (patch.created) event.created = patch.created;
  return JSON.stringify(event);
}

const invoicePaid = (id: string, c: Customer) =>
  eventOf(id, c, {
    type: 'invoice.paid',
    object: {
      id: `in_${id}`,
      object: 'invoice',
      customer: c.customer,
      status: 'paid',
      amount_paid: 2900,
      currency: 'usd',
      billing_reason: 'subscription_cycle',
      hosted_invoice_url: null,
      parent: {
        type: 'subscription_details',
        subscription_details: { subscription: c.subscription },
      },
    },
  });

/** Runs the peer benchmark. */
export async function runPeerBench(quick = false): Promise<Section> {
  const title = 'Peer baseline: the common Stripe webhook recipe';
  const reachable = await postgresReachable();
  if (reachable !== true) return skipped(title, `PostgreSQL is not reachable (${reachable}).`);
  const fixture = await startEmulatorFixture();
  let database: BenchDatabase | undefined;
  try {
    database = await openPostgres(16);
    const db = database.db;
    await migrate(db as never);
    await migrateRecipe(db);
    const prices = await fixture.stripe.prices.list({
      lookup_keys: ['bench_pro_monthly', 'bench_pro_yearly'],
    });
    const monthly = prices.data.find((p) => p.lookup_key === 'bench_pro_monthly')!.id;
    const yearly = prices.data.find((p) => p.lookup_key === 'bench_pro_yearly')!.id;
    const customers: Customer[] = [];
    for (let i = 0; i < CUSTOMERS + 3; i++)
      customers.push(await customerFor(fixture, db, i, monthly));
    const [dupCustomer, orderCustomer, crashCustomer] = customers.splice(CUSTOMERS, 3) as [
      Customer,
      Customer,
      Customer,
    ];

    const effects = new Map<string, number>();
    const keys = new Map<string, string[]>();
    const count = (eventId: string, key?: string) => {
      effects.set(eventId, (effects.get(eventId) ?? 0) + 1);
      if (key) keys.set(eventId, [...(keys.get(eventId) ?? []), key]);
    };
    const config = benchConfig({
      stripe: fixture.stripe,
      store: db as never,
      getUser: () => null,
      catalog: BENCH_CATALOG,
      stripeReads: { perSecond: 1_000_000, coalesceMs: 0 },
      notify: { payment_succeeded: (p) => count(p.eventId, p.idempotencyKey) },
    });
    const tollgate = createBilling(config).handler;
    const recipe = createRecipeHandler(fixture.stripe, db, (event) => {
      if (event.type === 'invoice.paid') count(event.id);
    });
    const contenders: [string, Handler][] = [
      ['Tollgate', tollgate],
      ['recipe', recipe],
    ];

    // Speed: alternating rounds, fresh event ids, customers in rotation.
    const tag = Date.now();
    const rounds = quick ? 1 : 3;
    const cells: { c: number; name: string; rates: number[]; reads: number[] }[] = [];
    for (const c of [1, 16]) {
      const perRound = quick ? 40 : c === 1 ? 200 : 600;
      for (const [name] of contenders) cells.push({ c, name, rates: [], reads: [] });
      for (let round = -1; round < rounds; round++) {
        const order = round % 2 === 0 ? contenders : [...contenders].reverse();
        for (const [name, handler] of order) {
          const bodies = Array.from({ length: round < 0 ? 20 : perRound }, (_, i) =>
            eventOf(`evt_peer_${tag}_${name}_${c}_${round}_${i}`, customers[i % customers.length]!),
          );
          const before = fixture.requestIds();
          const { rate, statuses } = await deliver(handler, bodies, c);
          if (statuses.some((s) => s !== 200)) {
            throw new Error(`BENCH_PEER: ${name} answered ${[...new Set(statuses)].join(', ')}`);
          }
          if (round < 0) continue; // warm-up
          const cell = cells.find((x) => x.c === c && x.name === name)!;
          cell.rates.push(rate);
          cell.reads.push(
            fixture.requestsSince(before).filter((r) => r.method === 'GET').length / bodies.length,
          );
        }
      }
    }

    // Chaos 1: 20 concurrent deliveries of one invoice.paid.
    const duplicates: Record<string, string> = {};
    for (const [name, handler] of contenders) {
      const body = invoicePaid(`evt_dup_${tag}_${name}`, dupCustomer);
      const statuses = await Promise.all(
        Array.from({ length: 20 }, async () => (await handler(request(body))).status),
      );
      const ran = effects.get(`evt_dup_${tag}_${name}`) ?? 0;
      duplicates[name] =
        `${ran} side effect${ran === 1 ? '' : 's'} (answers: ${summarize(statuses)})`;
    }

    // Chaos 2: the subscription moved to yearly; its two updates arrive newest first.
    const sub = await fixture.stripe.subscriptions.retrieve(orderCustomer.subscription);
    await fixture.stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0]!.id, price: yearly }],
      proration_behavior: 'none',
    });
    const now = Math.floor(Date.now() / 1000);
    const order: Record<string, string> = {};
    for (const [name, handler] of contenders) {
      const newer = eventOf(`evt_new_${tag}_${name}`, orderCustomer, {
        price: yearly,
        created: now,
      });
      const older = eventOf(`evt_old_${tag}_${name}`, orderCustomer, {
        price: monthly,
        created: now - 5,
      });
      await handler(request(newer));
      await handler(request(older));
      const stored =
        name === 'Tollgate'
          ? (await createStore(db).readUser(orderCustomer.user)).snapshot?.subscription?.priceId
          : (
              (
                await db.query('select plan from recipe_users where user_id = $1', [
                  orderCustomer.user,
                ])
              ).rows[0] as { plan: string }
            ).plan;
      order[name] =
        stored === yearly ? 'matches Stripe (yearly)' : 'stale (monthly, the older update)';
    }

    // Chaos 3: the process dies after the side effect, before the event is marked done.
    const crash: Record<string, string> = {};
    {
      const id = `evt_crash_${tag}_recipe`;
      let crashed = false;
      const dying = createRecipeHandler(fixture.stripe, db, () => {
        count(id);
        if (!crashed) {
          crashed = true;
          throw new Error('process killed');
        }
      });
      const first = (await dying(request(invoicePaid(id, crashCustomer)))).status;
      const retry = (await dying(request(invoicePaid(id, crashCustomer)))).status;
      crash.recipe = `${effects.get(id)} side effects (answers ${first}, then ${retry} on Stripe's retry), no key to tell them apart`;
    }
    {
      const id = `evt_crash_${tag}_tollgate`;
      let killed = false;
      // The ack (`UPDATE … SET status = 'done'`) never reaches the database, nor anything after
      // it: the process died right after the hook.
      const dyingDb: Queryable = {
        query(text, params) {
          if (/^UPDATE .*tollgate_events SET status/.test(text)) killed = true;
          if (killed) return Promise.reject(new Error('process killed'));
          return db.query(text, params);
        },
      };
      const dying = createBilling({ ...config, store: dyingDb as never }).handler;
      const first = (await dying(request(invoicePaid(id, crashCustomer)))).status;
      const waiting = await tollgate(request(invoicePaid(id, crashCustomer)));
      // Two minutes later the claim counts as abandoned and Stripe's retry takes it over.
      await db.query(
        "update tollgate_events set claimed_at = now() - interval '121 seconds' where id = $1",
        [id],
      );
      const retry = (await tollgate(request(invoicePaid(id, crashCustomer)))).status;
      const sameKey = new Set(keys.get(id)).size === 1;
      crash.Tollgate = `${effects.get(id)} hook runs (answers ${first}; a retry while the claim is held: ${waiting.status}; after the 120 s takeover: ${retry}), ${sameKey ? `the same idempotencyKey \`${keys.get(id)![0]}\` on both` : 'different keys'}`;
    }

    const ratio = (c: number) => {
      const t = cells.find((x) => x.c === c && x.name === 'Tollgate')!;
      const r = cells.find((x) => x.c === c && x.name === 'recipe')!;
      return spread(t.rates.map((rate, i) => rate / r.rates[i]!));
    };
    const body = [
      `Both handlers called in-process with signed events, on one PostgreSQL (a fresh database, pool of 16) and one emulator in this process (so a Stripe read costs Tollgate the same latency and CPU it costs anyone here); ${CUSTOMERS} subscribed customers in rotation, \`customer.subscription.updated\` events of about 3 kB, ${rounds} alternating round(s) per cell after a warm-up. The recipe: verify → \`SELECT\` the event id among processed ones → handle from \`event.data.object\` (re-fetching only on checkout completion) → \`UPDATE\` the user → side effect → \`INSERT\` the event id (test/bench/lib/recipe.ts). Tollgate: \`createBilling(...).handler\` with \`stripeReads\` unbounded and no read window (the budget has its own section).`,
      '',
      table(
        ['contender', 'concurrency', 'events/s', 'Stripe reads / event'],
        cells.map((x) => [
          x.name,
          String(x.c),
          fmtSpread(spread(x.rates), 0),
          fmtSpread(spread(x.reads), 2),
        ]),
      ),
      '',
      `Tollgate / recipe, per round: concurrency 1 ${fmtRatio(ratio(1))}, concurrency 16 ${fmtRatio(ratio(16))} (goal ≥ ${GOAL}×).`,
      '',
      'Chaos checks (same run):',
      '',
      table(
        ['check', 'Tollgate', 'recipe'],
        [
          [
            '20 concurrent deliveries of one `invoice.paid`',
            duplicates.Tollgate!,
            duplicates.recipe!,
          ],
          ['two updates of one subscription arrive newest first', order.Tollgate!, order.recipe!],
          [
            'killed after the side effect, before the event is marked done',
            crash.Tollgate!,
            crash.recipe!,
          ],
        ],
      ),
    ].join('\n');
    const target = (c: number) => {
      const r = ratio(c);
      return {
        name: `Peer: Tollgate events/s vs the common recipe, concurrency ${c}`,
        goal: `≥ ${GOAL}×`,
        figure: fmtRatio(r),
        status: r.median >= GOAL ? ('met' as const) : ('missed' as const),
      };
    };
    return {
      title,
      body,
      targets: [
        target(1),
        target(16),
        {
          name: 'Peer: Stripe reads per event (Tollgate, events of distinct customers)',
          goal: '≤ 1',
          figure: num(
            spread(cells.filter((x) => x.name === 'Tollgate').flatMap((x) => x.reads)).median,
            2,
          ),
          status:
            spread(cells.filter((x) => x.name === 'Tollgate').flatMap((x) => x.reads)).median <= 1
              ? 'met'
              : 'missed',
        },
      ],
    };
  } finally {
    await database?.close();
    await fixture.close();
  }
}

const fmtRatio = (s: { median: number; min: number; max: number }) =>
  `${times(s.median)} (rounds ${times(s.min)}–${times(s.max)})`;

function summarize(statuses: number[]): string {
  const counts = new Map<number, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${n}× ${s}`).join(', ');
}
