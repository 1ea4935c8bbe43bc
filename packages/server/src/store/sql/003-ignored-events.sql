-- Migration 3: ignored events, link conflicts, isolated batch members.
-- (tollgate_record itself is created again from record.sql after these statements.)

ALTER TABLE tollgate_events DROP CONSTRAINT IF EXISTS tollgate_events_status_check;
ALTER TABLE tollgate_events ADD CONSTRAINT tollgate_events_status_check
  CHECK (status IN ('processing', 'done', 'failed', 'ignored'));

-- The other party when Stripe's metadata.userId disagrees with the stored link (which wins).
ALTER TABLE tollgate_customers ADD COLUMN IF NOT EXISTS link_conflict text;

-- The function's result gained a column: it is dropped and created again.
DROP FUNCTION IF EXISTS tollgate_record(jsonb, float8);
