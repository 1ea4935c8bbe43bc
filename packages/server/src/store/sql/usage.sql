-- The usage outbox's queries (src/usage/outbox.ts), one statement each, so each is atomic.

-- name: userBilling
-- The customer link, trial flag and snapshot of one user (recordUsage reads it through the
-- caller's transaction when given one).
SELECT c.customer_id, c.has_had_trial, s.snapshot
FROM tollgate_customers c
LEFT JOIN tollgate_snapshots s ON s.customer_id = c.customer_id
WHERE c.user_id = $1;

-- name: insert
-- One usage row; $7–$10 (period start/end, included amount, whether the meter counts events)
-- are set for a hard limit, which the function then checks under a lock (005-usage-limit.sql).
SELECT tollgate_usage_record($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) AS outcome;

-- name: row
SELECT user_id, customer_id, meter, value, ts FROM tollgate_usage WHERE identifier = $1;

-- name: seal
-- Seals up to $1 unsealed rows into meter events. Rows of a meter in $2 (formula `sum`) are
-- summed per customer, meter and minute — never across the stored subscription's period start
-- or end, so a summed event cannot move usage into the neighbouring invoice — under an
-- identifier derived from their keys; any other row is its own event under its own identifier.
-- SKIP LOCKED: instances seal disjoint rows.
WITH picked AS (
  SELECT u.identifier, u.customer_id, u.meter, u.value, u.ts,
    CASE WHEN u.meter = ANY($2::text[])
      THEN u.customer_id || '|' || u.meter || '|' || (u.ts / 60)::text || '|'
        || (CASE WHEN u.ts < extract(epoch FROM (s.snapshot #>> '{subscription,currentPeriodStart}')::timestamptz)
              THEN 'before'
            WHEN u.ts >= extract(epoch FROM (s.snapshot #>> '{subscription,currentPeriodEnd}')::timestamptz)
              THEN 'after'
            ELSE 'in' END)
      ELSE u.identifier END AS grp
  FROM tollgate_usage u
  LEFT JOIN tollgate_snapshots s ON s.customer_id = u.customer_id
  WHERE u.status = 'pending' AND u.batch IS NULL
  ORDER BY u.recorded_at, u.identifier LIMIT $1
  FOR UPDATE OF u SKIP LOCKED
), groups AS (
  SELECT grp,
    CASE WHEN count(*) = 1 THEN min(identifier)
      ELSE 'tgu_' || md5(string_agg(identifier, ',' ORDER BY identifier)) END AS batch,
    min(customer_id) AS customer_id, min(meter) AS meter, sum(value) AS value,
    max(ts) AS ts, count(*) AS n
  FROM picked GROUP BY grp
), sealed AS (
  INSERT INTO tollgate_usage_batches (identifier, customer_id, meter, value, ts, rows)
  SELECT batch, customer_id, meter, value, ts, n FROM groups
  ON CONFLICT (identifier) DO NOTHING
)
UPDATE tollgate_usage u SET batch = g.batch
FROM picked p JOIN groups g ON g.grp = p.grp
WHERE u.identifier = p.identifier
RETURNING 1;

-- name: claim
-- Claims up to $1 due meter events for $2 seconds (SKIP LOCKED: instances claim disjoint ones).
-- A claim whose lease ran out (its deliverer crashed) is due again.
UPDATE tollgate_usage_batches b
SET claimed_until = now() + make_interval(secs => $2), attempts = b.attempts + 1
WHERE b.identifier IN (
  SELECT identifier FROM tollgate_usage_batches
  WHERE status = 'pending' AND next_attempt_at <= now()
    AND (claimed_until IS NULL OR claimed_until < now())
  ORDER BY next_attempt_at, identifier LIMIT $1
  FOR UPDATE SKIP LOCKED
)
RETURNING b.identifier, b.customer_id, b.meter, b.value, b.ts, b.rows, b.attempts;

-- name: delivered
-- Stripe took these meter events (or already had their identifiers): they and their rows are done.
WITH done AS (
  UPDATE tollgate_usage_batches
  SET status = 'delivered', finished_at = now(), claimed_until = NULL, error = NULL
  WHERE identifier = ANY($1::text[]) AND status = 'pending'
  RETURNING identifier
)
UPDATE tollgate_usage SET status = 'delivered', delivered_at = now()
WHERE batch IN (SELECT identifier FROM done);

-- name: refused
-- Stripe refused this meter event for good: kept, with its reason, and so are its rows.
WITH done AS (
  UPDATE tollgate_usage_batches
  SET status = 'refused', finished_at = now(), claimed_until = NULL, error = $2
  WHERE identifier = $1 AND status = 'pending'
  RETURNING identifier
)
UPDATE tollgate_usage SET status = 'refused' WHERE batch IN (SELECT identifier FROM done);

-- name: retryLater
UPDATE tollgate_usage_batches
SET claimed_until = NULL, next_attempt_at = now() + make_interval(secs => $2), error = $3
WHERE identifier = ANY($1::text[]) AND status = 'pending';

-- name: stats
SELECT
  (SELECT count(*) FROM tollgate_usage WHERE status = 'pending') AS pending,
  (SELECT min(recorded_at) FROM tollgate_usage WHERE status = 'pending') AS oldest,
  (SELECT count(*) FROM tollgate_usage WHERE status = 'refused') AS refused;

-- name: pending
-- Whether any usage is still to be delivered: the in-process deliverer's idle check. One probe of
-- the pending index, where `stats` counts every pending row.
SELECT EXISTS (SELECT 1 FROM tollgate_usage WHERE status = 'pending') AS pending;

-- name: refusedBatches
SELECT identifier, customer_id, meter, value, rows, error, finished_at
FROM tollgate_usage_batches WHERE status = 'refused'
ORDER BY finished_at DESC LIMIT $1;

-- name: unsummarised
-- A customer's rows in [$2, $3) per meter that the cached Stripe summary does not hold yet:
-- pending ones, and those delivered after the summary was fetched.
SELECT u.meter, sum(u.value) AS sum, count(*) AS count,
  (array_agg(u.value ORDER BY u.ts DESC, u.recorded_at DESC))[1] AS last
FROM tollgate_usage u
LEFT JOIN tollgate_usage_summaries s
  ON s.customer_id = u.customer_id AND s.meter = u.meter AND s.period_start = $2
WHERE u.customer_id = $1 AND u.ts >= $2 AND u.ts < $3
  AND (u.status = 'pending'
    OR (u.status = 'delivered' AND (s.fetched_at IS NULL OR u.delivered_at > s.fetched_at)))
GROUP BY u.meter;

-- name: summaries
-- Cached Stripe summaries of a customer's period ($2). `stale`: a row was delivered within $3
-- seconds before the summary was fetched and $3 seconds have passed since the fetch — Stripe
-- aggregates meter events asynchronously, so the summary may not hold that row yet (the outbox
-- counts it as held from then on) and a read now would.
SELECT s.meter, s.value,
  now() >= s.fetched_at + make_interval(secs => $3) AND EXISTS (
    SELECT 1 FROM tollgate_usage u
    WHERE u.customer_id = s.customer_id AND u.meter = s.meter AND u.ts >= s.period_start
      AND u.status = 'delivered' AND u.delivered_at <= s.fetched_at
      AND u.delivered_at > s.fetched_at - make_interval(secs => $3)
  ) AS stale
FROM tollgate_usage_summaries s WHERE s.customer_id = $1 AND s.period_start = $2;

-- name: now
-- As text: to the microsecond, as `delivered_at` (a JavaScript Date keeps milliseconds only).
SELECT now()::text AS now;

-- name: saveSummary
-- A newer fetch wins; an older one arriving late changes nothing.
INSERT INTO tollgate_usage_summaries AS s (customer_id, meter, period_start, value, fetched_at)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (customer_id, meter, period_start) DO UPDATE
  SET value = EXCLUDED.value, fetched_at = EXCLUDED.fetched_at
  WHERE s.fetched_at <= EXCLUDED.fetched_at;
