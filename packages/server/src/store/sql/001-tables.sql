-- Migration 1: customers, snapshots, event ledger.
-- (Migrations 1 and 2 of the unreleased 0.1 line, squashed: the snapshot table as migration 2
-- left it. Databases that recorded both keep working: version 2 is simply never run again.)

-- A user of the app and the Stripe customer it is linked to (first link wins).
CREATE TABLE IF NOT EXISTS tollgate_customers (
  user_id text PRIMARY KEY,
  customer_id text UNIQUE,
  email text,
  has_had_trial boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The last billing state read from Stripe, one row per customer. `version` grows by one per
-- write: the record functions (record.sql) write only over the version a sync saw before it read Stripe.
CREATE TABLE IF NOT EXISTS tollgate_snapshots (
  customer_id text PRIMARY KEY,
  snapshot jsonb,
  version bigint NOT NULL DEFAULT 0,
  synced_at timestamptz
);

-- One row per Stripe event id: the claim that keeps a duplicate delivery from running twice.
CREATE TABLE IF NOT EXISTS tollgate_events (
  id text PRIMARY KEY,
  type text NOT NULL,
  customer_id text,
  status text NOT NULL CHECK (status IN ('processing', 'done', 'failed')),
  attempts integer NOT NULL DEFAULT 1,
  received_at timestamptz NOT NULL DEFAULT now(),
  claimed_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  error text
);

CREATE INDEX IF NOT EXISTS tollgate_events_status_idx ON tollgate_events (status, claimed_at);
