import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareWithStripe, ledger, ledgerCounts } from './support/converge';
import { crashingStore, INJECTED, recordingNotifier } from './support/crash';
import { openDatabase, type ReliabilityDb } from './support/db';
import { tallyNotifications } from './support/expected';
import { printFigures, SOAK, TIMEOUT } from './support/figures';
import { act, journeys, pool } from './support/lifecycle';
import { DAY, type Stack, startStack } from './support/stack';

/**
 * Many customers live through trials, renewals, failed and 3-D Secure renewals, upgrades,
 * scheduled downgrades, cancellations and resumes on the emulator clock, while every event is
 * delivered to two handler instances sharing one database, with duplicates (sequential and
 * concurrent), shuffling, delays, lost first attempts, and injected crashes after the claim.
 */
const CUSTOMERS = SOAK ? 160 : 24;
/**
 * Default: everyone subscribes at once and the clock jumps in 8 steps (bursts of ~150 events).
 * Soak: customers subscribe in waves 6 h apart and the clock moves a day at a time, letting
 * three days of events overlap before waiting — the same bursts, many more of them.
 */
const WAVE = SOAK ? 8 : CUSTOMERS;
const ADVANCES = SOAK
  ? Array.from({ length: 92 }, () => DAY)
  : [3, 5, 4, 5, 10, 15, 20, 30].map((d) => d * DAY);
const OVERLAP = SOAK ? 3 : ADVANCES.length;

let db: ReliabilityDb;
let stack: Stack;
const notifier = recordingNotifier(5);
const crashes: ReturnType<typeof crashingStore>[] = [];

beforeAll(async () => {
  db = await openDatabase('chaos');
  stack = await startStack({
    db,
    instances: 2,
    seed: 8,
    emulator: {
      dunning: { retries: [DAY, 3 * DAY], outcome: 'cancel' },
      // Stripe retries for days; compressed, but long enough to outlast a busy CI machine
      webhookRetrySchedule: [50, 100, 200, 400, 800, 1_600, 3_200, 6_400, 10_000, 10_000],
    },
    configure: ({ store }) => {
      const crash = crashingStore(store, 9);
      crashes.push(crash);
      return { store: crash.store, notify: notifier.notify };
    },
  });
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await db?.close();
});

const arm = (on: boolean) => {
  notifier.state.armed = on;
  for (const crash of crashes) crash.state.armed = on;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('webhook chaos', () => {
  it(
    'converges: state equals Stripe, side effects exactly once, nothing stuck',
    async () => {
      const started = Date.now();
      const { emulator } = stack;
      const faults = emulator.faults.webhooks;
      faults.duplicate({ rate: 0.3, maxDelayMs: 30 });
      faults.concurrentDuplicates({ rate: 0.2 });
      faults.delay({ rate: 0.3, maxMs: 80 });
      faults.dropThenRetry({ rate: 0.1 });
      faults.shuffle({ batch: 8, holdMs: 15 });

      const people = journeys(CUSTOMERS, 'chaos');
      for (let start = 0; start < people.length; start += WAVE) {
        const wave = people.slice(start, start + WAVE);
        await pool(wave, 4, (j, i) =>
          stack.subscribe(j.user, j.plan, j.interval, j.card, start + i),
        );
        if (start + WAVE < people.length) emulator.clock.advance(6 * 3600);
      }
      await emulator.idle();

      const routeStatuses: number[] = [];
      await pool(people, 4, async (j, i) => {
        routeStatuses.push(...(await act(stack, j, i + 1)));
      });

      arm(true);
      for (const [step, seconds] of ADVANCES.entries()) {
        emulator.clock.advance(seconds);
        await sleep(40);
        if ((step + 1) % OVERLAP === 0) await emulator.idle();
      }
      await emulator.idle();
      // a handler may still be finishing an attempt whose delivery already timed out
      for (let i = 0; i < 300 && (await ledgerCounts(db.pools[0], db.schema)).processing > 0; i++) {
        await sleep(100);
      }
      arm(false);

      const log = emulator.deliveries.log;
      const events = emulator.events.all();
      const finalByDelivery = new Map<string, string>();
      for (const attempt of log) finalByDelivery.set(attempt.deliveryId, attempt.outcome);
      const givenUp = [...finalByDelivery.values()].filter((o) => o !== 'delivered').length;
      const answered5xx = log.filter((a) => (a.status ?? 0) >= 500).length;
      const errors = stack.logger.lines.filter((l) => l.level === 'error');
      const inFlight = errors.filter((l) => JSON.stringify(l).includes('still being processed'));
      const unexpected5xx = errors.filter(
        (l) => !JSON.stringify(l).includes(INJECTED) && !inFlight.includes(l),
      );
      const rows = await ledger(db.pools[0], db.schema);
      const lostEvents = events.filter((e) => rows.get(e.id) !== 'done');
      const counts = await ledgerCounts(db.pools[0], db.schema);
      const tally = tallyNotifications(events, notifier.fired);
      const state = await compareWithStripe(
        stack.stripe,
        db.pools[0],
        db.schema,
        () => new Date(emulator.clock.now() * 1000),
      );
      const decisions = faults.decisions;

      printFigures(`webhook chaos (${db.kind}, ${SOAK ? 'soak' : 'default'} size)`, {
        customers: CUSTOMERS,
        'events emitted': events.length,
        'deliveries (HTTP attempts)': log.filter((a) => a.outcome !== 'dropped').length,
        'duplicated (sequential)': decisions.filter((d) => d.duplicate === 'sequential').length,
        'duplicated (concurrent)': decisions.filter((d) => d.duplicate === 'concurrent').length,
        delayed: decisions.filter((d) => d.delayMs > 0).length,
        'first attempt lost': decisions.filter((d) => d.dropFirst).length,
        'crashes injected (hook / killed sync)': `${notifier.state.injected} / ${crashes.reduce((n, c) => n + c.state.injected, 0)}`,
        '5xx answered': answered5xx,
        'error log lines (crash / busy, retry asked / other)': `${errors.length - inFlight.length - unexpected5xx.length} / ${inFlight.length} / ${unexpected5xx.length}`,
        'route calls (2xx / 402 / other)': `${routeStatuses.filter((s) => s < 300).length} / ${routeStatuses.filter((s) => s === 402).length} / ${routeStatuses.filter((s) => s >= 300 && s !== 402).length}`,
        'deliveries given up (retries spent)': givenUp,
        'events lost (not done)': lostEvents.length,
        'ledger processing / failed / done': `${counts.processing} / ${counts.failed} / ${counts.done}`,
        'side effects expected / fired': `${tally.expected} / ${tally.fired}`,
        'side effects lost / doubled / unexpected': `${tally.lost} / ${tally.doubled} / ${tally.unexpected}`,
        'customers compared / diverged': `${state.customers} / ${state.divergences.length}`,
        seconds: ((Date.now() - started) / 1000).toFixed(1),
      });

      expect(unexpected5xx.map((l) => l.message)).toEqual([]);
      expect(routeStatuses.filter((s) => s >= 300 && s !== 402)).toEqual([]);
      expect(lostEvents.map((e) => `${e.id} ${e.type} ${rows.get(e.id)}`)).toEqual([]);
      expect(counts.processing + counts.failed).toBe(0);
      expect(tally.problems).toEqual([]);
      expect(state.divergences).toEqual([]);
      expect(state.customers).toBe(CUSTOMERS);
      expect(notifier.state.injected).toBeGreaterThan(0);
      expect(crashes.reduce((n, c) => n + c.state.injected, 0)).toBeGreaterThan(0);
      if (SOAK)
        expect(log.filter((a) => a.outcome !== 'dropped').length).toBeGreaterThanOrEqual(10_000);
    },
    TIMEOUT,
  );
});
