/**
 * (6) The peer baseline: Tollgate against the webhook handler teams write from Stripe's common
 * recipe (lib/recipe.ts), measured from outside: each handler served over node:http in its own
 * process (servers/peer.ts), the emulator in another (servers/emulator.ts), one PostgreSQL, load
 * generated here; alternating rounds — events/s at concurrency 1 and 16 with the Stripe reads
 * each costs, then the chaos checks where the recipe is wrong: concurrent duplicates, updates
 * arriving newest first, a process killed between the side effect and the acknowledgement.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate, pushCatalog } from '@tollgate/server';
import { createStore } from '@tollgate/server/store/store';
import { createStripeClient } from '@tollgate/stripe-emulator';
import type Stripe from 'stripe';
import { BENCH_CATALOG } from './lib/billing';
import { type ChildServer, startChild } from './lib/child';
import { type Clocks, noClocks } from './lib/clocks';
import { type BenchDatabase, openPostgres, postgresReachable, type Queryable } from './lib/db';
import { sign, subscriptionEvent } from './lib/event';
import { progress } from './lib/progress';
import { migrateRecipe } from './lib/recipe';
import { type Section, skipped, table } from './lib/report';
import { fmtSpread, num, spread, times } from './lib/stats';

const CUSTOMERS = 64;
const GOAL = 0.8;
const CONTENDER = 'test/bench/servers/peer.ts';
type Name = 'Tollgate' | 'recipe';

/** A contender's process: where it listens, and what it has done so far. */
interface Contender {
  name: Name;
  server: ChildServer;
  clocks(): Promise<Clocks>;
}

/** CPU time (user + system, µs) a child process has used so far (see `serveProfiles`). */
const cpuOf = async (child: ChildServer) => (await child.ask<{ micros: number }>('cpu')).micros;

/** Starts a contender in its own process (`crashEvent`: it dies right after that side effect). */
async function startContender(
  name: Name,
  env: Record<string, string>,
  crashEvent?: string,
): Promise<Contender> {
  const server = await startChild(CONTENDER, {
    ...env,
    PEER_CONTENDER: name === 'Tollgate' ? 'tollgate' : 'recipe',
    ...(crashEvent ? { PEER_CRASH_EVENT: crashEvent } : {}),
  });
  return {
    name,
    server,
    clocks: () => server.ask<Clocks>('clocks'),
  };
}

/** Posts one signed event to a contender; its status, or 0 when the connection broke. */
async function post(port: number, body: string, signature = sign(body)): Promise<number> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/api/billing/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': signature },
      body,
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

/** Delivers `bodies` (signed beforehand) with `concurrency` in flight; events/s, and every status seen. */
async function deliver(port: number, bodies: string[], concurrency: number) {
  const signed = bodies.map((body) => ({ body, signature: sign(body) }));
  let next = 0;
  const statuses: number[] = [];
  const started = performance.now();
  const worker = async () => {
    while (next < signed.length) {
      const { body, signature } = signed[next++]!;
      statuses.push(await post(port, body, signature));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { rate: bodies.length / ((performance.now() - started) / 1000), statuses };
}

/**
 * Waits for a contender that should have killed itself; one still alive after 30 s (its crash
 * never came) is stopped, so the check reports what happened instead of hanging.
 */
async function gone(server: ChildServer): Promise<void> {
  const late = new Promise<void>((resolve) => setTimeout(resolve, 30_000).unref());
  await Promise.race([server.exited, late]);
  await server.stop();
}

/** A child's profile as it arrives over IPC. */
interface SampledProfile {
  parts: Record<string, number>;
  wallMs: number;
}

interface ProcessProfiles {
  name: Name;
  events: number;
  handler: SampledProfile;
  emulator: SampledProfile;
}

/**
 * One event's time in each handler's process at concurrency 1, by its own clocks over the
 * measured rounds: the handler from request to response, its Stripe reads (the SDK's `elapsed`)
 * and its statements (the pool's round trips); the rest is the handler's own work and waiting
 * for the CPU.
 */
function clocksTable(cells: { name: Name; clocks: Clocks }[]): string {
  const us = (ms: number, events: number) => `${num((ms * 1000) / Math.max(1, events), 0)} µs`;
  const each = (count: number, ms: number, events: number) =>
    count === 0
      ? '—'
      : `${num(count / Math.max(1, events), 2)} × ${us(ms, count)} = ${us(ms, events)}`;
  return [
    "Where one event's time goes inside each handler at concurrency 1 (the process's own clocks over the measured rounds, per event: the handler from request to response; Stripe reads as the SDK times them, from sending to the answer; statements as the pool times them, round trip and commit; the rest is the handler's own work and waiting for a core):",
    '',
    table(
      ['contender', 'handler, per event', 'Stripe reads', 'statements', 'the rest'],
      cells.map(({ name, clocks: k }) => [
        name,
        us(k.handlerMs, k.events),
        each(k.reads, k.readMs, k.events),
        each(k.statements, k.statementMs, k.events),
        us(k.handlerMs - k.readMs - k.statementMs, k.events),
      ]),
    ),
  ].join('\n');
}

/**
 * Where the handler's process and the emulator's spent their time during one profiled round at
 * concurrency `c`, per event (V8 CPU profiles of each process; `idle` is time a process waited).
 */
function profileTable(c: number, profiles: ProcessProfiles[]): string {
  const columns = profiles.flatMap((p) => [
    { head: `${p.name}'s process`, events: p.events, profile: p.handler },
    { head: `emulator, while ${p.name} ran`, events: p.events, profile: p.emulator },
  ]);
  const parts = [...new Set(columns.flatMap((c) => Object.keys(c.profile.parts)))].sort(
    (a, b) => (columns[0]!.profile.parts[b] ?? 0) - (columns[0]!.profile.parts[a] ?? 0),
  );
  const perEvent = (ms: number, events: number) => `${num((ms * 1000) / events, 0)} µs`;
  const busy = (p: SampledProfile) =>
    Object.entries(p.parts)
      .filter(([part]) => !part.startsWith('idle') && part !== 'the profiler itself')
      .reduce((sum, [, ms]) => sum + ms, 0);
  return [
    `Where the time goes at concurrency ${c} (one more round of ${profiles[0]?.events ?? 0} events per contender after the measured ones; V8 CPU profiles of the handler's process and of the emulator's, sampled every 200 µs; per event; \`idle\` is time the process waited — on the database, on Stripe, or for the next request):`,
    '',
    table(
      ['part', ...columns.map((c) => c.head)],
      [
        ...parts.map((part) => [
          part,
          ...columns.map((c) => perEvent(c.profile.parts[part] ?? 0, c.events)),
        ]),
        [
          '**busy (everything but idle and the profiler)**',
          ...columns.map((c) => `**${perEvent(busy(c.profile), c.events)}**`),
        ],
        ['wall time of the round', ...columns.map((c) => `${num(c.profile.wallMs, 0)} ms`)],
      ],
    ),
  ].join('\n');
}

/** Side effects recorded for `eventId` in the contenders' effects file, and their keys. */
function effectsOf(file: string, eventId: string) {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith(`${eventId} `));
  return {
    count: lines.length,
    keys: new Set(lines.map((line) => line.slice(eventId.length + 1))),
  };
}

interface Customer {
  user: string;
  customer: string;
  subscription: string;
}

/** A Stripe customer with `metadata.userId`, a card and a monthly Pro subscription, linked in both apps. */
async function customerFor(stripe: Stripe, db: Queryable, n: number, price: string) {
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
  const effects = path.join(tmpdir(), `tollgate-peer-effects-${process.pid}.txt`);
  writeFileSync(effects, '');
  const children: ChildServer[] = [];
  let database: BenchDatabase | undefined;
  try {
    const emulatorChild = await startChild('test/bench/servers/emulator.ts');
    children.push(emulatorChild);
    const emulator = {
      url: `http://127.0.0.1:${emulatorChild.port}`,
      secretKey: String(emulatorChild.info.secretKey),
    };
    const stripe = createStripeClient(emulator, { maxNetworkRetries: 0 });
    await pushCatalog(stripe, BENCH_CATALOG);
    database = await openPostgres(4);
    const db = database.db;
    await migrate(db as never);
    await migrateRecipe(db);
    const prices = await stripe.prices.list({
      lookup_keys: ['bench_pro_monthly', 'bench_pro_yearly'],
    });
    const monthly = prices.data.find((p) => p.lookup_key === 'bench_pro_monthly')!.id;
    const yearly = prices.data.find((p) => p.lookup_key === 'bench_pro_yearly')!.id;
    const customers: Customer[] = [];
    for (let i = 0; i < CUSTOMERS + 3; i++)
      customers.push(await customerFor(stripe, db, i, monthly));
    const [dupCustomer, orderCustomer, crashCustomer] = customers.splice(CUSTOMERS, 3) as [
      Customer,
      Customer,
      Customer,
    ];
    const env = {
      PEER_STRIPE_URL: emulator.url,
      PEER_STRIPE_KEY: emulator.secretKey,
      PEER_DATABASE_URL: database.url!,
      PEER_EFFECTS_FILE: effects,
    };
    const start = async (name: Name, crashEvent?: string) => {
      const contender = await startContender(name, env, crashEvent);
      children.push(contender.server);
      return contender;
    };
    const contenders = [await start('Tollgate'), await start('recipe')];
    progress('peer: emulator, Tollgate and the recipe each in a process of their own');

    // Speed: alternating rounds, fresh event ids, customers in rotation.
    const tag = Date.now();
    // Short rounds, alternated often: on a shared machine a burst of other work then lands on
    // both contenders' rounds of a pair rather than on several rounds of one. Twelve pairs: with
    // six, concurrency 1's median moved by 0.1× from one run to the next on a quiet machine.
    const rounds = quick ? 1 : 12;
    const cells: {
      c: number;
      name: Name;
      rates: number[];
      reads: number[];
      /** CPU µs per event of the handler's process and of the emulator's, per round. */
      cpu: number[];
      emulatorCpu: number[];
      /** The handler's own clocks over the measured rounds (see {@link Clocks}). */
      clocks: Clocks;
    }[] = [];
    for (const c of [1, 16]) {
      const perRound = quick ? 40 : c === 1 ? 100 : 300;
      for (const { name } of contenders)
        cells.push({ c, name, rates: [], reads: [], cpu: [], emulatorCpu: [], clocks: noClocks() });
      for (let round = -1; round < rounds; round++) {
        const order = round % 2 === 0 ? contenders : [...contenders].reverse();
        for (const { name, server, clocks } of order) {
          // The warm-up delivers one event per customer: what a process caches per customer
          // (Tollgate: the snapshot version its next write compares with) is then warm in the
          // measured rounds, as in a process that has run for a while.
          const bodies = Array.from({ length: round < 0 ? customers.length : perRound }, (_, i) =>
            eventOf(`evt_peer_${tag}_${name}_${c}_${round}_${i}`, customers[i % customers.length]!),
          );
          const before = await clocks();
          const cpuBefore = await cpuOf(server);
          const emulatorBefore = await cpuOf(emulatorChild);
          const { rate, statuses } = await deliver(server.port, bodies, c);
          const cpu = ((await cpuOf(server)) - cpuBefore) / bodies.length;
          const emulatorCpu = ((await cpuOf(emulatorChild)) - emulatorBefore) / bodies.length;
          if (statuses.some((s) => s !== 200)) {
            throw new Error(`BENCH_PEER: ${name} answered ${[...new Set(statuses)].join(', ')}`);
          }
          if (round < 0) continue; // warm-up
          const cell = cells.find((x) => x.c === c && x.name === name)!;
          cell.rates.push(rate);
          const after = await clocks();
          cell.reads.push((after.reads - before.reads) / bodies.length);
          for (const key of Object.keys(cell.clocks) as (keyof Clocks)[])
            cell.clocks[key] += after[key] - before[key];
          cell.cpu.push(cpu);
          cell.emulatorCpu.push(emulatorCpu);
        }
      }
      progress(`peer: concurrency ${c} measured`);
    }

    // Where each process's time goes at each concurrency: one more round per contender, profiled.
    const profiles = new Map<number, ProcessProfiles[]>();
    for (const c of [1, 16]) {
      profiles.set(c, []);
      for (const { name, server } of contenders) {
        const count = (quick ? 300 : 600) / (c === 1 ? 3 : 1);
        const bodies = Array.from({ length: count }, (_, i) =>
          eventOf(`evt_prof_${tag}_${name}_${c}_${i}`, customers[i % customers.length]!),
        );
        await Promise.all([server.ask('profile'), emulatorChild.ask('profile')]);
        await deliver(server.port, bodies, c);
        const [handler, emulated] = await Promise.all([
          server.ask<SampledProfile>('profiled'),
          emulatorChild.ask<SampledProfile>('profiled'),
        ]);
        profiles.get(c)!.push({ name, events: count, handler, emulator: emulated });
      }
    }

    // Chaos 1: 20 concurrent deliveries of one invoice.paid.
    const duplicates: Record<string, string> = {};
    for (const { name, server } of contenders) {
      const id = `evt_dup_${tag}_${name}`;
      const body = invoicePaid(id, dupCustomer);
      const statuses = await Promise.all(Array.from({ length: 20 }, () => post(server.port, body)));
      const ran = effectsOf(effects, id).count;
      duplicates[name] =
        `${ran} side effect${ran === 1 ? '' : 's'} (answers: ${summarize(statuses)})`;
    }

    // Chaos 2: the subscription moved to yearly; its two updates arrive newest first.
    const sub = await stripe.subscriptions.retrieve(orderCustomer.subscription);
    await stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0]!.id, price: yearly }],
      proration_behavior: 'none',
    });
    const now = Math.floor(Date.now() / 1000);
    const order: Record<string, string> = {};
    for (const { name, server } of contenders) {
      const newer = eventOf(`evt_new_${tag}_${name}`, orderCustomer, {
        price: yearly,
        created: now,
      });
      const older = eventOf(`evt_old_${tag}_${name}`, orderCustomer, {
        price: monthly,
        created: now - 5,
      });
      await post(server.port, newer);
      await post(server.port, older);
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

    // Chaos 3: the process is killed (SIGKILL) right after the side effect, before the event
    // is marked done; a new process takes Stripe's retries.
    const crash: Record<string, string> = {};
    {
      const id = `evt_crash_${tag}_recipe`;
      const dying = await start('recipe', id);
      const first = await post(dying.server.port, invoicePaid(id, crashCustomer));
      await gone(dying.server);
      const restarted = await start('recipe');
      const retry = await post(restarted.server.port, invoicePaid(id, crashCustomer));
      crash.recipe = `${effectsOf(effects, id).count} side effects (answers ${answer(first)}, then ${retry} on Stripe's retry to a new process), no key to tell them apart`;
    }
    {
      const id = `evt_crash_${tag}_tollgate`;
      const dying = await start('Tollgate', id);
      const first = await post(dying.server.port, invoicePaid(id, crashCustomer));
      await gone(dying.server);
      const restarted = await start('Tollgate');
      const waiting = await post(restarted.server.port, invoicePaid(id, crashCustomer));
      // Two minutes later the claim counts as abandoned and Stripe's retry takes it over.
      await db.query(
        "update tollgate_events set claimed_at = now() - interval '121 seconds' where id = $1",
        [id],
      );
      const retry = await post(restarted.server.port, invoicePaid(id, crashCustomer));
      const { count, keys } = effectsOf(effects, id);
      crash.Tollgate = `${count} hook runs (answers ${answer(first)}; a retry to a new process while the claim is held: ${waiting}; after the 120 s takeover: ${retry}), ${keys.size === 1 ? `the same idempotencyKey \`${[...keys][0]}\` on both` : 'different keys'}`;
    }

    const ratio = (c: number) => {
      const t = cells.find((x) => x.c === c && x.name === 'Tollgate')!;
      const r = cells.find((x) => x.c === c && x.name === 'recipe')!;
      return spread(t.rates.map((rate, i) => rate / r.rates[i]!));
    };
    const body = [
      `Measured from outside: each handler served over node:http (through the same adapter, \`toNodeHandler\`) in a process of its own, the Stripe emulator in a third, load generated by the benchmark's process with \`fetch\` (events signed before each round), all on one PostgreSQL (a fresh database; each handler has its own pool of 16). ${CUSTOMERS} subscribed customers in rotation, \`customer.subscription.updated\` events of about 3 kB, ${rounds} alternating round(s) per cell after a warm-up of one event per customer. The recipe: verify → \`SELECT\` the event id among processed ones → handle from \`event.data.object\` (re-fetching only on checkout completion) → \`UPDATE\` the user → side effect → \`INSERT\` the event id (test/bench/lib/recipe.ts). Tollgate: \`createBilling(...).handler\` with \`stripeReads\` unbounded and no read window (the budget has its own section). Stripe reads are counted by each handler's Stripe client. CPU per event is a process's user + system time over the round (\`process.cpuUsage()\`) divided by its events: other work on a shared machine moves it far less than events/s. The handlers and the emulator run their TypeScript source under tsx with source maps switched off, as a production build runs (the Stripe SDK's resource methods record a call-site stack on every call; source-mapped, that alone cost Tollgate's process about 200 µs per event while its read went through one). On this 2-core machine the four processes and PostgreSQL share the cores, so the emulator's CPU for each Stripe read competes with the handlers.`,
      '',
      table(
        [
          'contender',
          'concurrency',
          'events/s',
          'Stripe reads / event',
          "CPU / event, handler's process (µs)",
          "CPU / event, emulator's process (µs)",
        ],
        cells.map((x) => [
          x.name,
          String(x.c),
          fmtSpread(spread(x.rates), 0),
          fmtSpread(spread(x.reads), 2),
          fmtSpread(spread(x.cpu), 0),
          fmtSpread(spread(x.emulatorCpu), 0),
        ]),
      ),
      '',
      `Tollgate / recipe, per round: concurrency 1 ${fmtRatio(ratio(1))}, concurrency 16 ${fmtRatio(ratio(16))} (goal ≥ ${GOAL}×).`,
      '',
      clocksTable(cells.filter((x) => x.c === 1)),
      '',
      profileTable(1, profiles.get(1)!),
      '',
      profileTable(16, profiles.get(16)!),
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
            'process killed (SIGKILL) after the side effect, before the event is marked done',
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
    for (const child of children) await child.stop();
    await database?.close();
    rmSync(effects, { force: true });
  }
}

const fmtRatio = (s: { median: number; min: number; max: number }) =>
  `${times(s.median)} (rounds ${times(s.min)}–${times(s.max)})`;

function summarize(statuses: number[]): string {
  const counts = new Map<number, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${n}× ${answer(s)}`).join(', ');
}

/** An HTTP status, or what a broken connection (status 0) means here. */
const answer = (status: number) => (status === 0 ? 'none (the process died)' : String(status));
