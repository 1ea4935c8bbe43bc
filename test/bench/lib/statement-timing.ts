import type { Queryable } from './db';

/** The column a timed statement gains: microseconds from the statement's arrival to its row. */
const INSIDE = 'bench_inside_us';
const INSIDE_SQL = `(extract(epoch from clock_timestamp() - statement_timestamp()) * 1e6)::float8 AS ${INSIDE}`;

/** Where one statement's time went, summed over the statements timed. */
export interface StatementTimes {
  statements: number;
  /** Round trips as the client saw them (send to answer), µs. */
  roundTripUs: number;
  /**
   * Inside the database: from the statement's arrival (`statement_timestamp()`) to its result
   * row (`clock_timestamp()`), before the commit, µs.
   */
  insideUs: number;
}

/**
 * The pipeline's statement (`SELECT tollgate_record_one(…)` or `SELECT … FROM
 * tollgate_record_batch(…)`) gains a column with the time it spent inside the database before its
 * rows were formed; the store reads the columns it knows and ignores it. The column comes after
 * a function called in the select list (the list is evaluated in order) and anywhere for one
 * called in `FROM` (it runs before the list).
 */
export function withInsideTime(sql: string): string | null {
  if (/^\s*SELECT\s+(\S+\.)?tollgate_record_one\(/i.test(sql)) {
    return `${sql.trim().replace(/;$/, '')}, ${INSIDE_SQL}`;
  }
  if (!/FROM\s+(\S+\.)?tollgate_record_batch\(/i.test(sql)) return null;
  return sql.replace(/^(\s*SELECT\s)/i, `$1${INSIDE_SQL}, `);
}

/**
 * Wraps a Queryable so that, while `on`, every statement `rewrite` accepts is timed from the
 * client and from inside the database. Other statements pass through untouched. While `via` is
 * set, every statement goes to it instead (one connection set up for a profile).
 */
export function timedQueryable(
  db: Queryable & { options?: unknown },
  rewrite: (sql: string) => string | null = withInsideTime,
) {
  const times: StatementTimes = { statements: 0, roundTripUs: 0, insideUs: 0 };
  const timed = {
    on: false,
    via: null as Queryable | null,
    times,
    ...(db.options ? { options: db.options } : {}),
    reset() {
      times.statements = 0;
      times.roundTripUs = 0;
      times.insideUs = 0;
    },
    async query(text: string, params?: unknown[]) {
      const target = timed.via ?? db;
      const sql = timed.on ? rewrite(text) : null;
      if (sql === null) return target.query(text, params);
      const started = performance.now();
      const result = await target.query(sql, params);
      times.roundTripUs += (performance.now() - started) * 1000;
      times.insideUs += Number(
        (result.rows[0] as Record<string, unknown> | undefined)?.[INSIDE] ?? 0,
      );
      times.statements++;
      return result;
    },
  };
  return timed;
}

/** The floor statement with the same column, for timing it the same way. */
export const insideReturning = ` RETURNING ${INSIDE_SQL}`;
