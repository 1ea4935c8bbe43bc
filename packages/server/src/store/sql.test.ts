import { describe, expect, it } from 'vitest';
import { namedQueries, qualify, queriesFor, statements, tableNames } from './sql';
import queriesSql from './sql/queries.sql';
import recordSql from './sql/record.sql';

describe('store SQL files', () => {
  it('splits a file at top-level semicolons, keeping dollar-quoted bodies and quoted text whole', () => {
    const sql = `-- a comment; not a split
CREATE TABLE a (x text DEFAULT 'a;b');
CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $fn$ BEGIN RETURN 1; END $fn$;
-- only a comment`;
    expect(statements(sql)).toEqual([
      "-- a comment; not a split\nCREATE TABLE a (x text DEFAULT 'a;b')",
      'CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $fn$ BEGIN RETURN 1; END $fn$',
    ]);
  });

  it('the record file holds its three functions, one statement each', () => {
    expect(statements(recordSql).map((sql) => sql.match(/FUNCTION (\w+)/)?.[1])).toEqual([
      'tollgate_record_link',
      'tollgate_record_one',
      'tollgate_record_batch',
    ]);
  });

  it('qualifies table and function names, never the longer names that start with them', () => {
    const sql =
      'CREATE INDEX IF NOT EXISTS tollgate_events_status_idx ON tollgate_events (status); SELECT tollgate_record_one($1), tollgate_record_batch($2)';
    expect(qualify(sql, tableNames('billing'))).toBe(
      'CREATE INDEX IF NOT EXISTS tollgate_events_status_idx ON "billing".tollgate_events (status); SELECT "billing".tollgate_record_one($1), "billing".tollgate_record_batch($2)',
    );
    expect(qualify(sql, tableNames(null))).toBe(sql);
  });

  it('every named query of queries.sql is one statement the store can call', () => {
    const names = [...namedQueries(queriesSql).keys()];
    expect(names).toHaveLength(15);
    const q = queriesFor(tableNames('s'));
    for (const name of names) {
      expect(q[name as keyof typeof q]).not.toMatch(/;\s*$/);
      expect(statements(q[name as keyof typeof q])).toHaveLength(1);
    }
    expect(q.readUsers).toMatch(/^SELECT c\.user_id/);
    expect(q.readUsers).toContain('FROM "s".tollgate_customers c');
  });
});
