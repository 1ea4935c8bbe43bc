/**
 * (3) Per-event CPU outside the database vs the floor every webhook pays: HMAC-SHA256 of
 * `t.body` plus `JSON.parse(body)`. Both are measured here, in the same process and run, as
 * process CPU time (user + system) per event over batches; rounds alternate.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import Stripe from 'stripe';
import { sign, subscriptionEvent, WEBHOOK_SECRET } from './lib/event';
import { progress } from './lib/progress';
import { type Section, table } from './lib/report';
import { fmtSpread, num, spread, times } from './lib/stats';

const BATCH = 2_000;
const ROUNDS = 5;

/** One event's work, given a fresh event id. */
export type EventWork = (n: number) => Promise<unknown> | unknown;

/** A contender whose per-event CPU is compared with the floor. */
export interface CpuContender {
  label: string;
  /** Events per round, when the work is slow (e.g. durable commits). */
  batch?: number;
  /** Whether this row decides the target. */
  decides?: boolean;
  prepare(): Promise<{ work: EventWork; close?: () => Promise<void> }>;
}

async function cpuMicrosPerEvent(work: EventWork, batch: number, offset: number): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < batch; i++) await work(offset + i);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / batch;
}

/** Bodies and signatures prepared ahead, so building them is not measured. */
function signedEvents(count: number): { body: string; signature: string }[] {
  return Array.from({ length: count }, (_, i) => {
    const body = subscriptionEvent(`evt_cpu_${i}`, 'cus_bench_cpu');
    return { body, signature: sign(body) };
  });
}

function floorWork(events: { body: string; signature: string }[]): EventWork {
  return (n) => {
    const { body, signature } = events[n % events.length]!;
    const t = signature.slice(2, signature.indexOf(','));
    const expected = Buffer.from(signature.slice(signature.indexOf('v1=') + 3), 'hex');
    const mac = createHmac('sha256', WEBHOOK_SECRET).update(`${t}.${body}`).digest();
    if (!timingSafeEqual(mac, expected))
      throw new Error('BENCH_SIGNATURE: floor signature mismatch');
    return JSON.parse(body);
  };
}

function constructEventWork(events: { body: string; signature: string }[]): EventWork {
  const stripe = new Stripe('sk_test_bench');
  return (n) => {
    const { body, signature } = events[n % events.length]!;
    return stripe.webhooks.constructEvent(body, signature, WEBHOOK_SECRET);
  };
}

/** Events each contender needs in total: warm-up + every round. */
export function cpuEventsNeeded(batch: number, quick: boolean): number {
  return (quick ? Math.min(batch, 500) : batch) * ((quick ? 2 : ROUNDS) + 1);
}

interface Row {
  label: string;
  work: EventWork;
  batch: number;
  decides: boolean;
  samples: number[];
}

/** Runs the CPU benchmark: the floor, constructEvent, then each contender, alternating rounds. */
export async function runCpuBench(contenders: CpuContender[], quick = false): Promise<Section> {
  const events = signedEvents(256);
  const rounds = quick ? 2 : ROUNDS;
  const size = (b: number) => (quick ? Math.min(b, 500) : b);
  const rows: Row[] = [
    {
      label: 'floor: HMAC-SHA256 + JSON.parse',
      work: floorWork(events),
      batch: size(BATCH),
      decides: false,
      samples: [],
    },
    {
      label: 'stripe `constructEvent` (reference)',
      work: constructEventWork(events),
      batch: size(BATCH),
      decides: false,
      samples: [],
    },
  ];
  const closers: (() => Promise<void>)[] = [];
  const notes: string[] = [];
  try {
    for (const contender of contenders) {
      try {
        const prepared = await contender.prepare();
        if (prepared.close) closers.push(prepared.close);
        rows.push({
          label: contender.label,
          work: prepared.work,
          batch: size(contender.batch ?? BATCH),
          decides: contender.decides === true,
          samples: [],
        });
      } catch (error) {
        notes.push(`${contender.label}: not measured — ${(error as Error).message}`);
      }
    }
    progress('cpu: contenders prepared');
    let offset = 0;
    for (const row of rows) {
      await cpuMicrosPerEvent(row.work, row.batch, offset); // warm-up: JIT, caches, pools
      offset += row.batch;
    }
    for (let round = 0; round < rounds; round++) {
      for (const row of round % 2 === 0 ? rows : [...rows].reverse()) {
        row.samples.push(await cpuMicrosPerEvent(row.work, row.batch, offset));
        offset += row.batch;
      }
    }
  } finally {
    for (const close of closers) await close();
  }
  const floor = rows[0]!;
  const ratioOf = (row: Row) => spread(row.samples.map((s, i) => s / floor.samples[i]!));
  const body = [
    `CPU time (user + system) of this process per event, ${rounds} alternating rounds (a ${events[0]!.body.length}-byte signed event; events per round in the table), medians (min–max); ratios are per round against the floor measured in the same round.`,
    '',
    table(
      ['work per event', 'events / round', 'CPU µs / event', 'vs floor'],
      rows.map((row) => [
        row.label,
        num(row.batch),
        fmtSpread(spread(row.samples), 1, 'µs'),
        row === floor
          ? '1×'
          : `${times(ratioOf(row).median)} (${times(ratioOf(row).min)}–${times(ratioOf(row).max)})`,
      ]),
    ),
    ...(notes.length ? ['', ...notes.map((n) => `- ${n}`)] : []),
  ];
  const deciding = rows.find((r) => r.decides);
  const ratio = deciding ? ratioOf(deciding).median : Number.NaN;
  return {
    title: 'Per-event CPU',
    body: body.join('\n'),
    targets: [
      {
        name: 'CPU: per-event CPU outside the DB vs HMAC + JSON.parse',
        goal: '≤ 3×',
        figure: deciding
          ? `${times(ratio)} (rounds ${times(ratioOf(deciding).min)}–${times(ratioOf(deciding).max)})`
          : '—',
        status: !deciding ? 'not measured' : ratio <= 3 ? 'met' : 'missed',
      },
      ...rows
        .filter((r) => r !== floor && !r.decides && r.label.includes('PostgreSQL'))
        .map((r) => ({
          name: 'CPU: same, counting the `pg` driver (PostgreSQL)',
          goal: 'report',
          figure: times(ratioOf(r).median),
          status: 'reported' as const,
        })),
    ],
  };
}
