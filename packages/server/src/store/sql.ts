import { BillingError } from '@tollgate/core';
import queriesSql from './sql/queries.sql';

/**
 * Tollgate's SQL lives in `sql/*.sql`, written against the plain table names (`tollgate_events`,
 * …) so each file reads, and runs in psql, as is. The files are imported as text: the build
 * (tsdown's text loader) inlines them into `dist`, so the published package reads no file at run
 * time and works where there is no file system (Workers, Deno Deploy).
 */

/** Fully qualified table names for one schema. */
export interface TableNames {
  schema: string | null;
  customers: string;
  snapshots: string;
  events: string;
  migrations: string;
  /** The batch function before migration 10 (dropped by it). */
  record: string;
  /** The functions that record syncs and ledger rows in one statement (`sql/record.sql`). */
  record_one: string;
  record_batch: string;
  record_link: string;
  /** The usage outbox, its sealed meter events and cached meter summaries (`sql/004-usage.sql`). */
  usage: string;
  usage_batches: string;
  usage_summaries: string;
  /** Records usage under a hard limit atomically (`sql/005-usage-limit.sql`). */
  usage_record: string;
  /** Announces link and snapshot writes to status caches (`sql/007-status-notify.sql`). */
  status_notify: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
const OBJECTS = [
  'customers',
  'snapshots',
  'events',
  'migrations',
  'record',
  'record_one',
  'record_batch',
  'record_link',
  'usage',
  'usage_batches',
  'usage_summaries',
  'usage_record',
  'status_notify',
] as const;
/** A whole table or function name (`tollgate_events`, not `tollgate_events_status_idx`). */
const OBJECT_NAME = new RegExp(`\\btollgate_(${OBJECTS.join('|')})\\b`, 'g');

/** Table names inside `schema` (or unqualified, following `search_path`, when null). */
export function tableNames(schema: string | null = null): TableNames {
  if (schema !== null && !IDENTIFIER.test(schema)) {
    throw new BillingError(
      'CONFIG_INVALID',
      `store schema "${schema}" is not a plain Postgres identifier — use lower-case letters, digits and "_" (e.g. "billing").`,
    );
  }
  const q = (name: string) => (schema ? `"${schema}".tollgate_${name}` : `tollgate_${name}`);
  return {
    schema,
    customers: q('customers'),
    snapshots: q('snapshots'),
    events: q('events'),
    migrations: q('migrations'),
    record: q('record'),
    record_one: q('record_one'),
    record_batch: q('record_batch'),
    record_link: q('record_link'),
    usage: q('usage'),
    usage_batches: q('usage_batches'),
    usage_summaries: q('usage_summaries'),
    usage_record: q('usage_record'),
    status_notify: q('status_notify'),
  };
}

/** `sql` with every Tollgate table and function name placed in the schema of `t`. */
export function qualify(sql: string, t: TableNames): string {
  if (t.schema === null) return sql;
  return sql.replace(OBJECT_NAME, (_, name: (typeof OBJECTS)[number]) => t[name]);
}

/**
 * The statements of a `.sql` file, split at each `;` outside quotes, dollar-quoted bodies
 * (`$fn$ … $fn$`) and comments; chunks holding only comments are dropped. Drivers such as PGlite
 * and Neon's HTTP driver run one statement per query.
 */
export function statements(sql: string): string[] {
  const out: string[] = [];
  let start = 0;
  let dollar: string | null = null;
  const push = (chunk: string) => {
    if (chunk.replace(/--[^\n]*/g, '').trim() !== '') out.push(chunk.trim());
  };
  for (const match of sql.matchAll(/--[^\n]*|'(?:[^']|'')*'|\$[A-Za-z_]*\$|;/g)) {
    const token = match[0];
    if (dollar !== null) {
      if (token === dollar) dollar = null;
    } else if (token.startsWith('$')) {
      dollar = token;
    } else if (token === ';') {
      push(sql.slice(start, match.index));
      start = match.index + 1;
    }
  }
  push(sql.slice(start));
  return out;
}

/** The queries of a file of `-- name: x` sections, by name, without their comment lines. */
export function namedQueries(sql: string): Map<string, string> {
  const queries = new Map<string, string>();
  for (const section of sql.split(/^-- name: /m).slice(1)) {
    const name = section.slice(0, section.indexOf('\n')).trim();
    const [text] = statements(section.slice(name.length));
    // Comment lines are for the reader: the hot path does not send them with every query.
    if (text) queries.set(name, text.replace(/^\s*--[^\n]*\n/gm, ''));
  }
  return queries;
}

const QUERIES = namedQueries(queriesSql);

/** The store's query names (`sql/queries.sql`). */
export type QueryName =
  | 'readUsers'
  | 'customerForUser'
  | 'userForCustomer'
  | 'linkCustomer'
  | 'customerIds'
  | 'snapshot'
  | 'snapshotVersion'
  | 'recordOne'
  | 'recordBatch'
  | 'finishEvent'
  | 'event'
  | 'linkConflicts'
  | 'createMigrationsTable'
  | 'appliedMigrations'
  | 'markMigration';

/** Every query of `sql/queries.sql`, its names qualified for one schema. */
export function queriesFor(t: TableNames): Record<QueryName, string> {
  const out = {} as Record<QueryName, string>;
  for (const [name, text] of QUERIES) out[name as QueryName] = qualify(text, t);
  return out;
}
