-- Migration 7: the function that announces a write of a user's link or a customer's snapshot on
-- channel `tollgate_status` when it commits, so status caches of every instance drop what changed
-- (`statusCache` in the server config). Its triggers (sql/status-triggers.sql) are installed by
-- the first status cache that listens — triggers, not the store's own statements, so no path that
-- writes these tables (the record functions, linkCustomer, an operator's SQL) can forget it.
-- (Before release this migration also created the triggers; migration 11 drops them from
-- databases that ran it.)
-- Payloads: `u:<user_id>` (tollgate_customers), `c:<customer_id>` (tollgate_snapshots), `*`
-- (TRUNCATE: drop everything). PostgreSQL folds repeats of one payload within a transaction.

CREATE OR REPLACE FUNCTION tollgate_status_notify() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_LEVEL = 'STATEMENT' THEN
    PERFORM pg_notify('tollgate_status', '*');
  ELSIF TG_ARGV[0] = 'user' THEN
    IF TG_OP <> 'INSERT' THEN PERFORM pg_notify('tollgate_status', 'u:' || OLD.user_id); END IF;
    IF TG_OP <> 'DELETE' THEN PERFORM pg_notify('tollgate_status', 'u:' || NEW.user_id); END IF;
  ELSE
    IF TG_OP <> 'INSERT' THEN PERFORM pg_notify('tollgate_status', 'c:' || OLD.customer_id); END IF;
    IF TG_OP <> 'DELETE' THEN PERFORM pg_notify('tollgate_status', 'c:' || NEW.customer_id); END IF;
  END IF;
  RETURN NULL;
END
$fn$;
