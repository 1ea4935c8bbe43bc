-- Migration 11: the status-cache triggers of migration 7 are installed by the first status cache
-- that listens (sql/status-triggers.sql), not by the migrations: a database no cache listens to
-- pays for no NOTIFY per write. The notify function stays.
DROP TRIGGER IF EXISTS tollgate_customers_status ON tollgate_customers;
DROP TRIGGER IF EXISTS tollgate_customers_status_update ON tollgate_customers;
DROP TRIGGER IF EXISTS tollgate_customers_status_truncate ON tollgate_customers;
DROP TRIGGER IF EXISTS tollgate_snapshots_status ON tollgate_snapshots;
DROP TRIGGER IF EXISTS tollgate_snapshots_status_truncate ON tollgate_snapshots;
