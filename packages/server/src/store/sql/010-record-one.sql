-- Migration 10: a lone input is recorded by tollgate_record_one, without the batch's JSON and
-- subtransaction; batches by tollgate_record_batch, which runs it per input (both are created
-- again from record.sql after this statement). The old batch function goes: a process still
-- calling it fails loudly (Stripe retries the event) rather than writing with another contract.
DROP FUNCTION IF EXISTS tollgate_record(jsonb, float8);

-- The ledger's status index keeps only the events not finished (processing or failed): the
-- rows an operator looks for. Most events are recorded finished in their first statement, and
-- no longer pay for an index entry.
-- (An index name cannot be qualified where it is created, so the old one is found beside its table.)
DO $do$
BEGIN
  EXECUTE format('DROP INDEX IF EXISTS %s.tollgate_events_status_idx',
    (SELECT quote_ident(n.nspname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.oid = 'tollgate_events'::regclass));
END
$do$;
CREATE INDEX IF NOT EXISTS tollgate_events_unfinished_idx ON tollgate_events (status, claimed_at)
  WHERE status IN ('processing', 'failed');
