/**
 * (2) Ledger claim + snapshot write vs a bare single-statement insert loop on the same database,
 * PGlite and PostgreSQL, concurrency 1 and 16. Rounds alternate bare and pipeline.
 */
import {
  type BenchDatabase,
  openPostgres,
  opsPerSecond,
  postgresReachable,
  type Queryable,
  sharedPglite,
} from './lib/db';
import { type FunctionProfile, functionTable, profileFunctions } from './lib/function-times';
import { benchSnapshot } from './lib/pipeline';
import { profiled, type TimeProfile } from './lib/profile';
import { progress } from './lib/progress';
import { type Section, type Target, table } from './lib/report';
import { insideReturning, type StatementTimes, timedQueryable } from './lib/statement-timing';
import { fmtSpread, num, pct, spread } from './lib/stats';

// Five rounds of a second rather than three of 1.5 s: one slow round (a garbage-collection
// pause, another process taking the core) moved a three-round median by up to ten points.
const SECONDS = 1;
const ROUNDS = 5;
const CONCURRENCY = [1, 16] as const;

/** One event's database work, prepared against a database. */
export type EventWrite = (n: number) => Promise<unknown>;

/** How the pipeline's database work is set up on a fresh database (migrations etc.). */
export interface PipelineWrites {
  label: string;
  /** `changes`: every event's read finds new state, so the snapshot is rewritten each time. */
  prepare(db: Queryable, changes: boolean): Promise<EventWrite>;
  /** What was learnt while running (e.g. statements per event), for the write-up. */
  findings?: () => string;
  /** The rows showing what each concurrency layer buys (see `layers.ts`), and their table. */
  layers?: {
    measure(database: BenchDatabase, rounds: number, ms: number): Promise<string[][]>;
    table(rows: string[][], rounds: number, ms: number): string;
  };
}

/** The document every row here writes: the snapshot the pipeline stores for a customer. */
const SNAPSHOT_JSON = JSON.stringify(benchSnapshot('cus_bench'));

async function prepareBare(db: Queryable): Promise<EventWrite> {
  await db.query(
    'create table if not exists bench_bare (id text primary key, body jsonb not null)',
  );
  const prefix = `bare_${Date.now()}_`;
  return (n) =>
    db.query('insert into bench_bare (id, body) values ($1, $2)', [prefix + n, SNAPSHOT_JSON]);
}

/** Customers the floor statement rotates through (rows it updates). */
const FLOOR_ROWS = 1024;

/**
 * The least one event can cost when it must write two rows: one statement that rewrites a
 * snapshot-sized row and inserts a ledger row (primary keys only, no checks, no function). No
 * pipeline that keeps a ledger row and a snapshot per event can beat it one event at a time.
 */
async function prepareFloor(db: Queryable, returning = ''): Promise<EventWrite> {
  await db.query(
    'create table if not exists bench_floor_state (id text primary key, body jsonb not null)',
  );
  await db.query(
    `create table if not exists bench_floor_ledger (id text primary key, type text not null,
       customer_id text, status text not null, finished_at timestamptz)`,
  );
  await db.query(
    `insert into bench_floor_state (id, body)
     select 'cus_floor_' || n, $1::jsonb from generate_series(0, ${FLOOR_ROWS - 1}) n
     on conflict (id) do nothing`,
    [SNAPSHOT_JSON],
  );
  const prefix = `floor_${Date.now()}_`;
  return (n) =>
    db.query(
      `with s as (update bench_floor_state set body = $2 where id = $1 returning id)
       insert into bench_floor_ledger (id, type, customer_id, status, finished_at)
       select $3, 'customer.subscription.updated', s.id, 'done', now() from s${returning}`,
      [`cus_floor_${n % FLOOR_ROWS}`, SNAPSHOT_JSON, prefix + n],
    );
}

interface Row {
  db: string;
  concurrency: number;
  bare: number[];
  /** {@link prepareFloor}: two rows in one statement, the least a ledger + snapshot event costs. */
  floor: number[];
  /** Every event finds new state (snapshot rewritten): the case the target is held to. */
  pipeline: number[];
  /** Every event finds the state already stored (most of Stripe's events for a customer). */
  unchanged: number[];
  /** Concurrency 1: where this process's time went, floor and pipeline, per event. */
  profiles?: {
    floor: TimeProfile & { events: number };
    pipeline: TimeProfile & { events: number };
  };
  /** Concurrency 1: each event's statement timed from the client and inside the database. */
  split?: { floor: Split; pipeline: Split };
  /** Concurrency 1: the pipeline's time inside the database, per PL/pgSQL function. */
  functions?: FunctionProfile;
}

/** One event at a time for a while: events run and where their statements' time went. */
interface Split extends StatementTimes {
  events: number;
  wallUs: number;
}

/** Runs `write` one event at a time for `ms` with statement timing on. */
async function splitOne(
  write: EventWrite,
  timed: ReturnType<typeof timedQueryable>,
  ms: number,
): Promise<Split> {
  timed.reset();
  timed.on = true;
  let events = 0;
  const started = performance.now();
  try {
    await opsPerSecond(1, ms, async (n) => {
      await write(n);
      events++;
    });
    return { ...timed.times, events, wallUs: (performance.now() - started) * 1000 };
  } finally {
    timed.on = false;
  }
}

/** Profiles `write` one event at a time for `ms`: the time profile and how many events ran. */
async function profileOne(write: EventWrite, ms: number) {
  let events = 0;
  const profile = await profiled(async () => {
    events = Math.round((await opsPerSecond(1, ms, write)) * (ms / 1000));
  });
  return { ...profile, events };
}

async function measureOn(
  database: BenchDatabase,
  pipeline: PipelineWrites | undefined,
  rounds: number,
  ms: number,
): Promise<Row[]> {
  const bare = await prepareBare(database.db);
  const floor = await prepareFloor(database.db);
  const floorTimed = timedQueryable(database.db, (sql) => sql);
  const timedFloor = await prepareFloor(floorTimed, insideReturning);
  const timed = timedQueryable(database.db);
  const ours = pipeline ? await pipeline.prepare(timed, true) : undefined;
  const same = pipeline ? await pipeline.prepare(database.db, false) : undefined;
  progress(`db: ${database.name} ready`);
  const rows: Row[] = [];
  for (const concurrency of CONCURRENCY) {
    const row: Row = {
      db: database.name,
      concurrency,
      bare: [],
      floor: [],
      pipeline: [],
      unchanged: [],
    };
    const series: [EventWrite, number[]][] = [
      [bare, row.bare],
      [floor, row.floor],
    ];
    if (ours) series.push([ours, row.pipeline]);
    if (same) series.push([same, row.unchanged]);
    for (const [write] of series) await opsPerSecond(concurrency, 300, write);
    for (let round = 0; round < rounds; round++) {
      for (const [write, samples] of round % 2 === 0 ? series : [...series].reverse()) {
        samples.push(await opsPerSecond(concurrency, ms, write));
      }
    }
    if (concurrency === 1 && ours) {
      row.profiles = { floor: await profileOne(floor, ms), pipeline: await profileOne(ours, ms) };
      row.split = {
        floor: await splitOne(timedFloor, floorTimed, ms),
        pipeline: await splitOne(ours, timed, ms),
      };
      row.functions = await profileFunctions(database, timed, () => splitOne(ours, timed, ms));
    }
    rows.push(row);
    progress(`db: ${database.name} concurrency ${concurrency} measured`);
  }
  return rows;
}

/** Runs the database benchmark. Without `pipeline`, only the bare loops are measured. */
export async function runDbBench(
  pipeline?: PipelineWrites,
  quick = false,
): Promise<{ section: Section; versions: string[] }> {
  const rounds = quick ? 1 : ROUNDS;
  const ms = (quick ? 0.5 : SECONDS) * 1000;
  const rows: Row[] = [];
  const versions: string[] = [];
  const notes: string[] = [];
  const layerRows: string[][] = [];
  const openers: [string, () => Promise<BenchDatabase>][] = [['PGlite', sharedPglite]];
  const reachable = await postgresReachable();
  if (reachable === true) openers.push(['PostgreSQL', () => openPostgres(16)]);
  else notes.push(`PostgreSQL not measured: ${reachable}.`);
  for (const [, open] of openers) {
    const database = await open();
    versions.push(`${database.name} server ${database.version}`);
    try {
      rows.push(...(await measureOn(database, pipeline, rounds, ms)));
      if (pipeline?.layers)
        layerRows.push(...(await pipeline.layers.measure(database, rounds, ms)));
    } finally {
      if (database.name === 'PostgreSQL') await database.close();
    }
  }
  const targets: Target[] = [];
  const tableRows = rows.map((r) => {
    const bare = spread(r.bare);
    const shareOf = (samples: number[]) => spread(samples.map((p, i) => p / r.bare[i]!));
    const ratio = (samples: number[]) => {
      const of = shareOf(samples);
      return `${pct(of.median)} (${pct(of.min)}–${pct(of.max)})`;
    };
    const floor = [fmtSpread(spread(r.floor)), ratio(r.floor)];
    if (!pipeline)
      return [r.db, String(r.concurrency), fmtSpread(bare), ...floor, '—', '—', '—', '—'];
    if (r.concurrency === 1) {
      const ofFloor = spread(r.pipeline.map((p, i) => p / r.floor[i]!));
      targets.push({
        name: `DB: ${r.db}, concurrency 1, pipeline vs the two-row floor`,
        goal: '≥ 80 %',
        figure: `${pct(ofFloor.median)} (rounds ${pct(ofFloor.min)}–${pct(ofFloor.max)})`,
        status: ofFloor.median >= 0.8 ? 'met' : 'missed',
      });
    }
    const share = shareOf(r.pipeline);
    targets.push({
      name: `DB: ${r.db}, concurrency ${r.concurrency}, pipeline vs bare insert`,
      goal: '≥ 80 %',
      figure: `${pct(share.median)} (rounds ${pct(share.min)}–${pct(share.max)})`,
      status: share.median >= 0.8 ? 'met' : 'missed',
    });
    return [
      r.db,
      String(r.concurrency),
      fmtSpread(bare),
      ...floor,
      fmtSpread(spread(r.pipeline)),
      ratio(r.pipeline),
      fmtSpread(spread(r.unchanged)),
      ratio(r.unchanged),
    ];
  });
  const body = [
    `Events per second, ${rounds} alternating rounds of ${num(ms / 1000, 1)} s per cell, medians (min–max). Bare: one \`insert into bench_bare (id, body) values ($1, $2)\` per event with a ${SNAPSHOT_JSON.length}-byte jsonb body (the snapshot the pipeline stores, also written by the floor). Pipeline: ${pipeline ? pipeline.label : 'not available in this run (`@tollgate/server` store not landed)'}. Durable commits (PGlite on a temp data dir; PostgreSQL with its default \`synchronous_commit\`), a fresh database per run, pool of 16 for PostgreSQL (the bare loop uses all 16 connections; the store keeps at most two statements in flight on it); PGlite has one connection, so concurrency 16 queues on it.`,
    '',
    table(
      [
        'database',
        'concurrency',
        'bare insert (events/s)',
        'two-row floor (events/s)',
        'floor / bare',
        'pipeline, new state (events/s)',
        'new state / bare',
        'pipeline, state unchanged (events/s)',
        'unchanged / bare',
      ],
      tableRows,
    ),
    '',
    `Two-row floor: what any design that keeps a ledger row and a snapshot per event pays at the least — one statement that rewrites a snapshot row and inserts a ledger row (\`with s as (update …) insert … select … from s\`, primary keys only, no compare-and-set, no function). One event at a time, a pipeline cannot beat it; where it is itself under 80 % of the bare insert, that target is out of reach for such a design on this machine. Under concurrency the pipeline shares one statement among the events in flight and can pass it.`,
    ...(pipeline?.findings ? ['', pipeline.findings()] : []),
    ...rows.flatMap((r) => (r.profiles ? ['', profileTable(r.db, r.profiles)] : [])),
    ...rows.flatMap((r) => (r.split ? ['', splitTable(r.db, r.split)] : [])),
    ...rows.flatMap((r) => (r.functions ? ['', functionTable(r.db, r.functions)] : [])),
    ...(pipeline?.layers && layerRows.length
      ? ['', pipeline.layers.table(layerRows, rounds, ms)]
      : []),
    ...(pipeline
      ? [
          '',
          'New state: every event’s Stripe read finds a different snapshot, so each event writes its ledger row and rewrites the snapshot — the case the target is held to. State unchanged: the read equals what is stored (most of the events Stripe sends about a customer, e.g. `invoice.finalized` after `invoice.created`), so the statement writes the ledger row and leaves the snapshot as it is. Either way it is one statement per event (`SELECT tollgate_record_one(…)`); under concurrency, events in flight together share one statement (`tollgate_record_batch`) and one commit.',
        ]
      : []),
    ...(notes.length ? ['', ...notes] : []),
  ].join('\n');
  if (!pipeline) {
    for (const r of rows) {
      targets.push({
        name: `DB: ${r.db}, concurrency ${r.concurrency}, pipeline vs bare insert`,
        goal: '≥ 80 %',
        figure: '—',
        status: 'not measured',
      });
    }
  }
  return { section: { title: 'Ledger and snapshot writes', body, targets }, versions };
}

/** Where one event's time goes at concurrency 1, floor beside pipeline (this process's profile). */
function profileTable(db: string, profiles: NonNullable<Row['profiles']>): string {
  const parts = [
    ...new Set([...profiles.pipeline.parts.keys(), ...profiles.floor.parts.keys()]),
  ].sort((a, b) => (profiles.pipeline.parts.get(b) ?? 0) - (profiles.pipeline.parts.get(a) ?? 0));
  // Samples are scaled to the wall time: on a loaded machine a sample's interval also counts
  // the time the process was not scheduled at all.
  const perEvent = (p: TimeProfile & { events: number }, part: string) => {
    const sampled = [...p.parts.values()].reduce((sum, ms) => sum + ms, 0);
    const share = (p.parts.get(part) ?? 0) / Math.max(sampled, 1e-9);
    return `${num((share * p.wallMs * 1000) / Math.max(1, p.events), 0)} µs (${pct(share)})`;
  };
  const total = (p: TimeProfile & { events: number }) =>
    `${num((p.wallMs * 1000) / Math.max(1, p.events), 0)} µs`;
  return [
    `Where the time goes on ${db}, one event at a time (V8 CPU profile of this process, sampled every 200 µs while the cell ran, shares of the sampled time scaled to the wall time; \`idle\` is time spent waiting, i.e. on the database's round trip and commit; on a loaded machine time the process was not scheduled lands on whatever was running):`,
    '',
    table(
      ['part', 'floor, per event', 'pipeline, per event'],
      [
        ...parts.map((part) => [
          part,
          perEvent(profiles.floor, part),
          perEvent(profiles.pipeline, part),
        ]),
        ['**wall time per event**', total(profiles.floor), total(profiles.pipeline)],
      ],
    ),
  ].join('\n');
}

/** Where one event's time goes at concurrency 1, by the clock of the client and the database's. */
function splitTable(db: string, split: NonNullable<Row['split']>): string {
  const us = (value: number) => `${num(value, 0)} µs`;
  const cells = (s: Split) => {
    const perEvent = s.wallUs / Math.max(1, s.events);
    const statements = s.statements / Math.max(1, s.events);
    const roundTrip = s.roundTripUs / Math.max(1, s.statements);
    const inside = s.insideUs / Math.max(1, s.statements);
    return [
      us(perEvent),
      num(statements, 2),
      us(inside),
      us(roundTrip - inside),
      us(perEvent - roundTrip * statements),
    ];
  };
  return [
    `Where one event's time goes on ${db}, one event at a time, by the clocks (each statement timed by the client, and inside the database from the statement's arrival, \`statement_timestamp()\`, to its result row, \`clock_timestamp()\`: parse, plan and execution, before the commit):`,
    '',
    table(
      [
        'statement',
        'per event',
        'statements per event',
        'inside the database, per statement',
        'commit, protocol and driver, per statement',
        'outside the statement (processEvent, coordinator, store, harness)',
      ],
      [
        ['two-row floor', ...cells(split.floor)],
        ['pipeline (`tollgate_record_one`)', ...cells(split.pipeline)],
      ],
    ),
  ].join('\n');
}
