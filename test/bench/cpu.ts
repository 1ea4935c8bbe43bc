/**
 * (3) Per-event CPU outside the database vs the floor every webhook pays: HMAC-SHA256 of
 * `t.body` plus `JSON.parse(body)`. Both are measured here, in the same process and run, as
 * process CPU time (user + system) per event over batches; rounds alternate.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import Stripe from 'stripe';
import { sign, subscriptionEvent, WEBHOOK_SECRET } from './lib/event';
import { type Section, table } from './lib/report';
import { fmtSpread, num, spread, times } from './lib/stats';

const BATCH = 4_000;
const ROUNDS = 5;

/** One event's work, given a fresh event id. */
export type EventWork = (n: number) => Promise<unknown> | unknown;

/** A contender whose per-event CPU is compared with the floor. */
export interface CpuContender {
  label: string;
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

/** Runs the CPU benchmark; `pipeline` absent measures the floor and constructEvent alone. */
export async function runCpuBench(pipeline?: CpuContender, quick = false): Promise<Section> {
  const events = signedEvents(256);
  const batch = quick ? 500 : BATCH;
  const rounds = quick ? 2 : ROUNDS;
  const rows: { label: string; work: EventWork; samples: number[] }[] = [
    { label: 'floor: HMAC-SHA256 + JSON.parse', work: floorWork(events), samples: [] },
    { label: 'stripe `constructEvent` (reference)', work: constructEventWork(events), samples: [] },
  ];
  let close: (() => Promise<void>) | undefined;
  if (pipeline) {
    const prepared = await pipeline.prepare();
    close = prepared.close;
    rows.push({ label: pipeline.label, work: prepared.work, samples: [] });
  }
  try {
    let offset = 0;
    for (const row of rows) {
      await cpuMicrosPerEvent(row.work, batch, offset); // warm-up: JIT, caches
      offset += batch;
    }
    for (let round = 0; round < rounds; round++) {
      for (const row of round % 2 === 0 ? rows : [...rows].reverse()) {
        row.samples.push(await cpuMicrosPerEvent(row.work, batch, offset));
        offset += batch;
      }
    }
  } finally {
    await close?.();
  }
  const floor = rows[0]!;
  const ratioOf = (row: (typeof rows)[number]) =>
    spread(row.samples.map((s, i) => s / floor.samples[i]!));
  const body = [
    `CPU time (user + system) of this process per event, ${rounds} alternating rounds of ${num(batch)} events, a ${events[0]!.body.length}-byte event, medians (min–max).`,
    '',
    table(
      ['work per event', 'CPU µs / event', 'vs floor'],
      rows.map((row) => [
        row.label,
        fmtSpread(spread(row.samples), 1, 'µs'),
        row === floor ? '1×' : times(ratioOf(row).median),
      ]),
    ),
  ];
  const last = rows[rows.length - 1]!;
  if (!pipeline) {
    body.push(
      '',
      'The pipeline was not measured in this run: `@tollgate/server` has not landed its webhook pipeline yet.',
    );
  }
  const ratio = pipeline ? ratioOf(last).median : Number.NaN;
  return {
    title: 'Per-event CPU',
    body: body.join('\n'),
    targets: [
      {
        name: 'CPU: per-event CPU outside the DB vs HMAC + JSON.parse',
        goal: '≤ 3×',
        figure: pipeline ? times(ratio) : '—',
        status: !pipeline ? 'not measured' : ratio <= 3 ? 'met' : 'missed',
      },
    ],
  };
}
