-- Migration 4: the usage outbox.
-- tollgate_usage holds what recordUsage wrote, one row per idempotency key. The deliverer seals
-- pending rows into tollgate_usage_batches — one Stripe meter event each, summed per customer,
-- meter and minute for `sum` meters — so a meter event's identifier and value never change once
-- chosen: a retry after a crash repeats the same event, which Stripe answers as a duplicate.
-- tollgate_usage_summaries caches Stripe's meter event summaries for GET /usage.

CREATE TABLE IF NOT EXISTS tollgate_usage (
  identifier text PRIMARY KEY,
  user_id text NOT NULL,
  customer_id text NOT NULL,
  meter text NOT NULL,
  value bigint NOT NULL,
  ts bigint NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  batch text,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'refused')),
  delivered_at timestamptz
);

CREATE INDEX IF NOT EXISTS tollgate_usage_unsealed_idx ON tollgate_usage (recorded_at)
  WHERE status = 'pending' AND batch IS NULL;
CREATE INDEX IF NOT EXISTS tollgate_usage_pending_idx ON tollgate_usage (recorded_at)
  WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS tollgate_usage_batch_idx ON tollgate_usage (batch);
CREATE INDEX IF NOT EXISTS tollgate_usage_customer_idx ON tollgate_usage (customer_id, meter, ts);

CREATE TABLE IF NOT EXISTS tollgate_usage_batches (
  identifier text PRIMARY KEY,
  customer_id text NOT NULL,
  meter text NOT NULL,
  value bigint NOT NULL,
  ts bigint NOT NULL,
  rows integer NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'refused')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  claimed_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  error text
);

CREATE INDEX IF NOT EXISTS tollgate_usage_batches_due_idx ON tollgate_usage_batches (next_attempt_at)
  WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS tollgate_usage_batches_refused_idx ON tollgate_usage_batches (finished_at)
  WHERE status = 'refused';

CREATE TABLE IF NOT EXISTS tollgate_usage_summaries (
  customer_id text NOT NULL,
  meter text NOT NULL,
  period_start bigint NOT NULL,
  value double precision NOT NULL,
  fetched_at timestamptz NOT NULL,
  PRIMARY KEY (customer_id, meter, period_start)
);
