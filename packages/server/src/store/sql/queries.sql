-- Every query the store runs, one statement each (one round trip,
-- atomic on its own). `-- name:` starts a query; the store calls it by that name.

-- name: readUsers
-- The customer link, trial flag and snapshot of several users: concurrent /status reads share it.
SELECT c.user_id, c.customer_id, c.has_had_trial, s.snapshot
FROM tollgate_customers c
LEFT JOIN tollgate_snapshots s ON s.customer_id = c.customer_id
WHERE c.user_id = ANY($1::text[]);

-- name: customerForUser
SELECT user_id, customer_id, has_had_trial FROM tollgate_customers WHERE user_id = $1;

-- name: userForCustomer
SELECT user_id FROM tollgate_customers WHERE customer_id = $1;

-- name: linkCustomer
-- The first link wins: a user already linked keeps its customer (the email is refreshed).
INSERT INTO tollgate_customers AS c (user_id, customer_id, email) VALUES ($1, $2, $3)
ON CONFLICT (user_id) DO UPDATE
  SET customer_id = COALESCE(c.customer_id, EXCLUDED.customer_id),
      email = COALESCE(EXCLUDED.email, c.email),
      updated_at = now()
RETURNING customer_id;

-- name: customerIds
SELECT customer_id FROM tollgate_customers WHERE customer_id IS NOT NULL
UNION SELECT customer_id FROM tollgate_snapshots
ORDER BY 1;

-- name: snapshot
SELECT snapshot FROM tollgate_snapshots WHERE customer_id = $1;

-- name: snapshotVersion
SELECT version::text AS version FROM tollgate_snapshots WHERE customer_id = $1;

-- name: recordOne
-- One input's snapshot write and the claim of its event, in one statement (see record.sql).
-- Called in the select list, not `FROM`: a function in `FROM` runs through a function scan that
-- materialises its one row (16 interleaved rounds: PGlite 324 → 313 µs per event, PostgreSQL 2 %).
SELECT tollgate_record_one($1::text[], $2::jsonb) AS outcome;

-- name: recordBatch
-- The writes and claims of concurrent callers, each in its own subtransaction (see record.sql).
SELECT kind, idx, outcome, version::text AS version, attempts, note
FROM tollgate_record_batch($1::jsonb, $2::float8);

-- name: finishEvent
UPDATE tollgate_events SET status = $2, error = $3, finished_at = now() WHERE id = $1;

-- name: event
SELECT id, type, customer_id, status, attempts, error FROM tollgate_events WHERE id = $1;

-- name: linkConflicts
-- Stored links Stripe's metadata disagrees with, newest first.
SELECT user_id, customer_id, link_conflict FROM tollgate_customers
WHERE link_conflict IS NOT NULL
ORDER BY updated_at DESC
LIMIT 100;

-- name: createMigrationsTable
-- Which migrations a database has applied (see migrations.ts).
CREATE TABLE IF NOT EXISTS tollgate_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);

-- name: appliedMigrations
SELECT version FROM tollgate_migrations;

-- name: markMigration
INSERT INTO tollgate_migrations (version, name) VALUES ($1, $2)
ON CONFLICT (version) DO NOTHING
RETURNING version;
