-- Migration 7: every write of a user's link or a customer's snapshot is announced on channel
-- `tollgate_status` when it commits, so status caches of every instance drop what changed
-- (`statusCache` in the server config). Triggers, not the store's own statements, so no path
-- that writes these tables — the record functions, linkCustomer, an operator's SQL — can forget it.
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

-- A customer row changes what /status shows only through its link and trial flag (not the
-- email, the link conflict note or updated_at).
CREATE OR REPLACE TRIGGER tollgate_customers_status AFTER INSERT OR DELETE ON tollgate_customers
  FOR EACH ROW EXECUTE FUNCTION tollgate_status_notify('user');
CREATE OR REPLACE TRIGGER tollgate_customers_status_update AFTER UPDATE ON tollgate_customers
  FOR EACH ROW WHEN (OLD.user_id IS DISTINCT FROM NEW.user_id
    OR OLD.customer_id IS DISTINCT FROM NEW.customer_id
    OR OLD.has_had_trial IS DISTINCT FROM NEW.has_had_trial)
  EXECUTE FUNCTION tollgate_status_notify('user');
CREATE OR REPLACE TRIGGER tollgate_customers_status_truncate AFTER TRUNCATE ON tollgate_customers
  FOR EACH STATEMENT EXECUTE FUNCTION tollgate_status_notify('user');

CREATE OR REPLACE TRIGGER tollgate_snapshots_status AFTER INSERT OR UPDATE OR DELETE
  ON tollgate_snapshots FOR EACH ROW EXECUTE FUNCTION tollgate_status_notify('customer');
CREATE OR REPLACE TRIGGER tollgate_snapshots_status_truncate AFTER TRUNCATE ON tollgate_snapshots
  FOR EACH STATEMENT EXECUTE FUNCTION tollgate_status_notify('customer');
