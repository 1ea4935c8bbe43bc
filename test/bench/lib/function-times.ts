import pg from 'pg';
import type { BenchDatabase, Queryable } from './db';
import { table } from './report';
import type { StatementTimes } from './statement-timing';
import { num } from './stats';

/** One function's share of a profiled pass: calls and self time (its own body, not callees). */
interface FunctionTime {
  calls: number;
  selfUs: number;
}

/** A pass one event at a time with PostgreSQL's function statistics on. */
export interface FunctionProfile {
  events: number;
  /** The timed statements of the pass (their time inside the database, see statement-timing). */
  statements: StatementTimes;
  /** Per Tollgate function: what the pass added to `pg_stat_user_functions`. */
  functions: Map<string, FunctionTime>;
}

const READ = `SELECT funcname, calls, self_time FROM pg_stat_user_functions
  WHERE funcname LIKE 'tollgate\\_%'`;

/** Tollgate's function statistics as this session sees them, after flushing its own. */
async function readTimes(db: Queryable): Promise<Map<string, FunctionTime>> {
  await db.query('SELECT pg_stat_force_next_flush()');
  // The flush happens when the session next goes idle, i.e. after the statement above.
  await db.query('SELECT 1');
  const { rows } = await db.query(READ);
  return new Map(
    (rows as { funcname: string; calls: number | string; self_time: number | string }[]).map(
      (row) => [row.funcname, { calls: Number(row.calls), selfUs: Number(row.self_time) * 1000 }],
    ),
  );
}

/**
 * A session with `track_functions = 'pl'`: PGlite's one connection (switched back off after),
 * or a PostgreSQL connection of its own (the pool's keep theirs off).
 */
async function trackedSession(database: BenchDatabase) {
  if (database.name === 'PGlite') {
    await database.db.query("SET track_functions = 'pl'");
    return { db: database.db, close: () => database.db.query('RESET track_functions') };
  }
  const client = new pg.Client({
    connectionString: database.url,
    options: '-c track_functions=pl',
  });
  await client.connect();
  return { db: client, close: () => client.end() };
}

/**
 * Runs `pass` (one event at a time, its statements sent through `route`) on a session that
 * records how long each PL/pgSQL function ran, and returns what the pass added.
 */
export async function profileFunctions(
  database: BenchDatabase,
  route: { via: Queryable | null },
  pass: () => Promise<{ events: number } & StatementTimes>,
): Promise<FunctionProfile> {
  const session = await trackedSession(database);
  try {
    const before = await readTimes(session.db);
    route.via = session.db;
    let result: { events: number } & StatementTimes;
    try {
      result = await pass();
    } finally {
      route.via = null;
    }
    const after = await readTimes(session.db);
    const functions = new Map<string, FunctionTime>();
    for (const [name, time] of after) {
      const was = before.get(name) ?? { calls: 0, selfUs: 0 };
      functions.set(name, { calls: time.calls - was.calls, selfUs: time.selfUs - was.selfUs });
    }
    const { events, ...statements } = result;
    return { events, statements, functions };
  } finally {
    await session.close();
  }
}

/** What each function does (functions that ran are listed, slowest first). */
const WHAT: Record<string, string> = {
  tollgate_record_one:
    'one input: compare-and-set on the snapshot, the user link when it can change, the ledger claims',
  tollgate_record_batch:
    'a batch: reads the JSON, every write then every claim, each in a subtransaction',
  tollgate_record_link: 'the user link and trial flag, when a write can change them',
  tollgate_status_notify: 'the status-cache trigger: `pg_notify` per snapshot or link write',
};

/** Where the statement's time inside the database goes, one event at a time, per function. */
export function functionTable(db: string, profile: FunctionProfile): string {
  const events = Math.max(1, profile.events);
  const us = (value: number) => `${num(value / events, 0)} µs`;
  const ran = [...profile.functions].filter(([, time]) => time.calls > 0);
  ran.sort(([, a], [, b]) => b.selfUs - a.selfUs);
  const counted = ran.reduce((sum, [, time]) => sum + time.selfUs, 0);
  const rows = ran.map(([name, time]) => [
    `\`${name}\`${WHAT[name] ? ` — ${WHAT[name]}` : ''}`,
    num(time.calls / events, 2),
    us(time.selfUs),
  ]);
  const inside = profile.statements.insideUs;
  return [
    `Inside the database on ${db}, one event at a time, by function (\`track_functions = 'pl'\` on the pipeline's connection for a pass of its own: each function's self time, its callees excluded; the statement's time inside the database as above; the commit comes after and is not in it — no status cache listens to this database, so its writes notify no one):`,
    '',
    table(
      ['part', 'calls per event', 'per event'],
      [
        ...rows,
        [
          'the rest of the statement: parse, plan, the outer `SELECT`, calling the functions',
          '—',
          us(inside - counted),
        ],
        ['**the statement inside the database**', '—', us(inside)],
      ],
    ),
  ].join('\n');
}
