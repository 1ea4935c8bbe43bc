/**
 * What each concurrency layer of the pipeline buys: the pipeline with the layer and without it,
 * side by side in alternating rounds, at the concurrency where the layer matters. A layer is
 * switched off by building the pipeline's parts differently here (own stores, a coordinator per
 * event), or, for the wait on another attempt, by `processEvent`'s internal wait argument.
 */
import { migrate } from '@tollgate/server';
import type { BillingContext } from '@tollgate/server/context';
import { createStore } from '@tollgate/server/store/store';
import { createSyncCoordinator } from '@tollgate/server/sync/coordinator';
import { processEvent } from '@tollgate/server/webhook/pipeline';
import type Stripe from 'stripe';
import { type BenchDatabase, opsPerSecond, type Queryable } from './lib/db';
import { benchRead, countingQueryable, lightEvent, pipelineContext } from './lib/pipeline';
import { progress } from './lib/progress';
import { table } from './lib/report';
import { num, pct, spread } from './lib/stats';

/** What one side (with or without the layer) did over its measured rounds. */
interface Counts {
  /** Calls of the side's operation (an event, or a burst of duplicate deliveries). */
  ops: number;
  /** Deliveries processed (an op may carry several). */
  deliveries: number;
  statements: number;
  /** Stripe reads (answered from memory). */
  reads: number;
  /** Deliveries answered with an error (5xx: Stripe retries them later). */
  refused: number;
}

interface Side {
  concurrency: number;
  op: (n: number) => Promise<void>;
  counts: Counts;
  /** Starts counting from zero (after warming up). */
  reset: () => void;
  /** Takes the statements sent since {@link reset} into `counts`. */
  finish: () => void;
}

interface Layer {
  name: string;
  /** Where the layer matters, as the table states it. */
  where: string;
  prepare(db: Queryable): Promise<{ with: Side; without: Side }>;
  /** The "what it buys" cell from both sides' events/s medians and counts. */
  buys(ratio: number, on: Counts, off: Counts): string;
}

/** Deliveries of one event in flight together in the polling row. */
const DUPLICATES = 4;
/** How long the polling row's hook runs (the work a duplicate waits for). */
const HOOK_MS = 20;
/** Customers each side of a row rotates through. */
const CUSTOMERS = 128;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A context on a counted queryable whose Stripe reads are counted too. */
function countedContext(db: Queryable, counts: Counts, config = {}) {
  const counted = countingQueryable(db);
  const read = benchRead(true);
  const ctx = pipelineContext(counted, { changes: true, config });
  const countedRead = (customerId: string) => {
    counts.reads++;
    return read(customerId);
  };
  return { ctx: { ...ctx, ...coordinated(ctx, countedRead) }, counted, read: countedRead };
}

/** The context's sync entry points over `read` (the coordinator `createContext` builds). */
function coordinated(ctx: BillingContext, read: ReturnType<typeof benchRead>) {
  const coordinator = createSyncCoordinator({ store: ctx.store, read });
  return { sync: coordinator.sync, syncWithClaim: coordinator.syncWithClaim };
}

/**
 * The context without the per-customer coordinator: each event gets a coordinator of its own,
 * as if every event were handled by its own process (no queue per customer, no shared read, no
 * remembered version: each event reads the stored version, reads Stripe, compare-and-sets).
 */
function uncoordinated(ctx: BillingContext, read: ReturnType<typeof benchRead>): BillingContext {
  return {
    ...ctx,
    sync: (customerId) => coordinated(ctx, read).sync(customerId),
    syncWithClaim: (customerId, claim) => coordinated(ctx, read).syncWithClaim(customerId, claim),
  };
}

const zero = (): Counts => ({ ops: 0, deliveries: 0, statements: 0, reads: 0, refused: 0 });

/** A side running `deliver` per op; errors count as refused deliveries. */
function side(
  concurrency: number,
  counted: { count: number },
  counts: Counts,
  deliver: (n: number) => Promise<void>,
): Side {
  return {
    concurrency,
    counts,
    op: async (n) => {
      counts.ops++;
      counts.deliveries++;
      await deliver(n).catch(() => {
        counts.refused++;
      });
    },
    reset: () => {
      Object.assign(counts, zero());
      counted.count = 0;
    },
    finish: () => {
      counts.statements = counted.count;
    },
  };
}

/** Links `customers` to users (so their events are Tollgate's) and runs one event for each. */
async function warm(db: Queryable, ctx: BillingContext, customers: string[], prefix: string) {
  const links = createStore(db);
  for (const [i, customer] of customers.entries()) {
    await links.linkCustomer(`user_${customer}`, customer, null);
    await processEvent(ctx, lightEvent(`${prefix}_warm_${i}`, customer));
  }
}

const customersOf = (label: string, count: number) =>
  Array.from({ length: count }, (_, i) => `cus_layer_${label}_${Date.now()}_${i}`);

const perDelivery = (c: Counts, value: number) => value / Math.max(1, c.deliveries);

/**
 * The pipeline with its coordinator, and with a coordinator per event ({@link uncoordinated}),
 * each side on `count` customers of its own, `concurrency` events in flight.
 */
async function coordinatorSides(db: Queryable, label: string, count: number, concurrency: number) {
  const build = async (on: boolean) => {
    const counts = zero();
    const made = countedContext(db, counts);
    const ctx = on ? made.ctx : uncoordinated(made.ctx, made.read);
    const name = `${label}_${on ? 'on' : 'off'}`;
    const customers = customersOf(name, count);
    await warm(db, ctx, customers, `evt_layer_${name}`);
    const prefix = `evt_layer_${name}_${Date.now()}`;
    return side(concurrency, made.counted, counts, async (n) => {
      await processEvent(ctx, lightEvent(`${prefix}_${n}`, customers[n % count]!));
    });
  };
  return { with: await build(true), without: await build(false) };
}

const LAYERS: Layer[] = [
  {
    name: 'group commits (concurrent events share one `tollgate_record_batch` statement, at most two in flight)',
    where: '16 events in flight, distinct customers',
    async prepare(db) {
      const on = zero();
      const off = zero();
      const shared = countedContext(db, on);
      const onCustomers = customersOf('group_on', CUSTOMERS);
      await warm(db, shared.ctx, onCustomers, 'evt_layer_group_on');
      // Without: 16 contexts, each with its own store, used by one event at a time — so every
      // event is its own statement and commit, up to 16 in flight (the pool's size).
      const offCounted = countingQueryable(db);
      const slots = await Promise.all(
        Array.from({ length: 16 }, async (_, slot) => {
          const own = countedContext(offCounted, off);
          const customers = customersOf(`group_off_${slot}`, CUSTOMERS / 16);
          await warm(db, own.ctx, customers, `evt_layer_group_off_${slot}`);
          return { ctx: own.ctx, customers, next: 0 };
        }),
      );
      const free = [...slots];
      const prefix = `evt_layer_group_${Date.now()}`;
      return {
        with: side(16, shared.counted, on, async (n) => {
          await processEvent(
            shared.ctx,
            lightEvent(`${prefix}_on_${n}`, onCustomers[n % CUSTOMERS]!),
          );
        }),
        without: side(16, offCounted, off, async (n) => {
          const slot = free.pop()!;
          try {
            const customer = slot.customers[slot.next++ % slot.customers.length]!;
            await processEvent(slot.ctx, lightEvent(`${prefix}_off_${n}`, customer));
          } finally {
            free.push(slot);
          }
        }),
      };
    },
    buys: (ratio, on, off) =>
      `${num(ratio, 2)}× the events/s; ${num(perDelivery(on, on.statements), 2)} statements per event with it, ${num(perDelivery(off, off.statements), 2)} without`,
  },
  {
    name: 'per-customer coordinator (one read of a customer at a time; events waiting share the next)',
    where: 'a burst: 16 events in flight, all for one customer',
    prepare: (db) => coordinatorSides(db, 'coord', 1, 16),
    buys: (ratio, on, off) =>
      `${num(ratio, 2)}× the events/s; Stripe reads per event ${num(perDelivery(on, on.reads), 2)} with it, ${num(perDelivery(off, off.reads), 2)} without; events refused (SNAPSHOT_CONFLICT after 5 lost compare-and-sets, a 5xx Stripe retries) ${pct(perDelivery(on, on.refused))} with it, ${pct(perDelivery(off, off.refused))} without. No older state wins either way: the compare-and-set on the stored version guards that across processes`,
  },
  {
    name: 'stored-version cache (the version a sync expects is remembered from the last write)',
    where: 'one event at a time, customers seen before',
    // One event at a time, a coordinator per event differs from the shared one only in what it
    // remembers: the queue per customer never holds two events.
    prepare: (db) => coordinatorSides(db, 'cache', CUSTOMERS, 1),
    buys: (ratio, on, off) =>
      `${num(ratio, 2)}× the events/s; ${num(perDelivery(on, on.statements), 2)} statements per event with it, ${num(perDelivery(off, off.statements), 2)} without (the version read)`,
  },
  {
    name: `in-flight polling (a duplicate waits, polling the ledger every 50 ms, for the attempt that holds the event)`,
    where: `${DUPLICATES} deliveries of one event in flight together, its hook running ${HOOK_MS} ms; one burst at a time`,
    async prepare(db) {
      const on = zero();
      const off = zero();
      const notify = { trial_ending: () => sleep(HOOK_MS) };
      const withLayer = countedContext(db, on, { notify });
      const withoutLayer = countedContext(db, off, { notify });
      const onCustomers = customersOf('poll_on', CUSTOMERS);
      const offCustomers = customersOf('poll_off', CUSTOMERS);
      await warm(db, withLayer.ctx, onCustomers, 'evt_layer_poll_on');
      await warm(db, withoutLayer.ctx, offCustomers, 'evt_layer_poll_off');
      const prefix = `evt_layer_poll_${Date.now()}`;
      const burst =
        (
          ctx: BillingContext,
          customers: string[],
          counts: Counts,
          label: string,
          waitMs?: number,
        ) =>
        async (n: number) => {
          const event = trialEvent(`${prefix}_${label}_${n}`, customers[n % CUSTOMERS]!);
          const answers = await Promise.allSettled(
            Array.from({ length: DUPLICATES }, () => processEvent(ctx, event, waitMs)),
          );
          counts.deliveries += DUPLICATES - 1;
          counts.refused += answers.filter((a) => a.status === 'rejected').length;
        };
      return {
        with: side(1, withLayer.counted, on, burst(withLayer.ctx, onCustomers, on, 'on')),
        without: side(
          1,
          withoutLayer.counted,
          off,
          burst(withoutLayer.ctx, offCustomers, off, 'off', 0),
        ),
      };
    },
    buys: (ratio, on, off) =>
      `deliveries answered 5xx (\`EVENT_IN_PROGRESS\`: Stripe sends them again later, after its backoff) ${pct(perDelivery(on, on.refused))} with it, ${pct(perDelivery(off, off.refused))} without; ${num(ratio, 2)}× the bursts/s; ${num(perDelivery(on, on.statements), 2)} statements per delivery with it, ${num(perDelivery(off, off.statements), 2)} without. Acknowledging at once instead would break the rule that a duplicate is not acknowledged while the other attempt may still fail`,
  },
];

/** A `customer.subscription.trial_will_end` event: it runs the `trial_ending` hook. */
function trialEvent(id: string, customerId: string): Stripe.Event {
  const event = lightEvent(id, customerId) as unknown as {
    type: string;
    data: { object: Record<string, unknown> };
  };
  event.type = 'customer.subscription.trial_will_end';
  Object.assign(event.data.object, { trial_end: 2_000_000_000, default_payment_method: null });
  return event as unknown as Stripe.Event;
}

/** One table row per layer on `database`: with and without, alternating rounds. */
export async function measureLayers(
  database: BenchDatabase,
  rounds: number,
  ms: number,
): Promise<string[][]> {
  await migrate(database.db);
  const rows: string[][] = [];
  for (const layer of LAYERS) {
    const sides = await layer.prepare(database.db);
    const pair = [sides.with, sides.without] as const;
    for (const s of pair) await opsPerSecond(s.concurrency, 200, s.op);
    for (const s of pair) s.reset();
    const samples: [number[], number[]] = [[], []];
    for (let round = 0; round < rounds; round++) {
      for (const at of round % 2 === 0 ? [0, 1] : [1, 0]) {
        const s = pair[at]!;
        samples[at]!.push(await opsPerSecond(s.concurrency, ms, s.op));
      }
    }
    for (const s of pair) s.finish();
    const on = spread(samples[0]);
    const off = spread(samples[1]);
    const ratios = spread(samples[0].map((v, i) => v / samples[1][i]!));
    rows.push([
      layer.name,
      database.name,
      layer.where,
      num(on.median, 0),
      num(off.median, 0),
      `${num(ratios.median, 2)}× (${num(ratios.min, 2)}–${num(ratios.max, 2)})`,
      layer.buys(ratios.median, sides.with.counts, sides.without.counts),
    ]);
    progress(`db: ${database.name} layer measured: ${layer.name.split(' (')[0]}`);
  }
  return rows;
}

/** The layers table for the db section. */
export function layersTable(rows: string[][], rounds: number, ms: number): string {
  return [
    `What each concurrency layer buys: the pipeline (\`processEvent\`, Stripe read from memory) with the layer and without it, ${rounds} alternating rounds of ${num(ms / 1000, 1)} s each, medians. Without group commits: 16 contexts each with its own store, one event at a time each (one statement per event, up to 16 in flight). Without the coordinator: a coordinator per event, as if each event had its own process (this also drops the version cache). Without the version cache: the same construction one event at a time, where the only difference left is the remembered version. Without in-flight polling: \`processEvent\`'s internal wait set to 0, so a duplicate of an event another attempt holds answers 5xx at once. Ops/s counts every answer, refused ones too; in the polling row an op is a burst of ${DUPLICATES} deliveries.`,
    '',
    table(
      [
        'layer',
        'database',
        'where it matters',
        'with it (ops/s)',
        'without it (ops/s)',
        'with / without (rounds)',
        'what it buys',
      ],
      rows,
    ),
  ].join('\n');
}
