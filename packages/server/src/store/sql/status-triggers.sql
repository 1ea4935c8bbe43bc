-- The status-cache triggers (function: sql/007-status-notify.sql): every write of a user's link
-- or a customer's snapshot is announced on channel `tollgate_status` when it commits. They are
-- installed by the first instance whose status cache starts listening (after its migrations, on
-- its listening connection, before it keeps anything), and stay: from then on every writer — any
-- instance, `tollgate_record_one`, linkCustomer, an operator's SQL — announces its writes. A
-- database no status cache ever listened to has none: its writes pay for no NOTIFY (which also
-- takes PostgreSQL's one notify-queue lock at every commit).
--
-- One statement: it creates only what is missing, so an instance starting beside busy writers
-- takes no table lock once the triggers exist.
DO $do$
BEGIN
  IF (SELECT count(*) FROM pg_trigger
      WHERE tgrelid IN ('tollgate_customers'::regclass, 'tollgate_snapshots'::regclass)
        AND tgname IN ('tollgate_customers_status', 'tollgate_customers_status_update',
                       'tollgate_customers_status_truncate', 'tollgate_snapshots_status',
                       'tollgate_snapshots_status_truncate')) = 5 THEN
    RETURN;
  END IF;
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
END
$do$;
