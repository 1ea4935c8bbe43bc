-- Migration 5: records usage under a hard limit atomically.
-- tollgate_usage_record inserts one usage row; with p_included it first takes a transaction-level
-- advisory lock for the customer and meter, then counts what the period holds (the cached Stripe
-- summary plus the rows it does not hold yet), each statement with a fresh snapshot, so concurrent
-- records at the limit are decided one after the other: no two can pass it together.
-- Returns 'recorded', 'duplicate' (the identifier exists) or 'limit:<used>'.

CREATE OR REPLACE FUNCTION tollgate_usage_record(
  p_identifier text, p_user text, p_customer text, p_meter text, p_value bigint, p_ts bigint,
  p_start bigint, p_end bigint, p_included bigint, p_counts boolean
) RETURNS text LANGUAGE plpgsql AS $fn$
DECLARE
  used double precision;
BEGIN
  IF p_included IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock(hashtext('tollgate_usage:' || p_customer || ':' || p_meter));
    IF EXISTS (SELECT 1 FROM tollgate_usage WHERE identifier = p_identifier) THEN
      RETURN 'duplicate';
    END IF;
    SELECT coalesce(max(s.value), 0) INTO used
    FROM tollgate_usage_summaries s
    WHERE s.customer_id = p_customer AND s.meter = p_meter AND s.period_start = p_start;
    used := used + coalesce((
      SELECT CASE WHEN p_counts THEN count(*) ELSE sum(u.value) END
      FROM tollgate_usage u
      LEFT JOIN tollgate_usage_summaries s
        ON s.customer_id = u.customer_id AND s.meter = u.meter AND s.period_start = p_start
      WHERE u.customer_id = p_customer AND u.meter = p_meter AND u.ts >= p_start AND u.ts < p_end
        AND (u.status = 'pending'
          OR (u.status = 'delivered' AND (s.fetched_at IS NULL OR u.delivered_at > s.fetched_at)))
    ), 0);
    IF used + (CASE WHEN p_counts THEN 1 ELSE p_value END) > p_included THEN
      RETURN 'limit:' || used::text;
    END IF;
  END IF;
  INSERT INTO tollgate_usage (identifier, user_id, customer_id, meter, value, ts)
  VALUES (p_identifier, p_user, p_customer, p_meter, p_value, p_ts)
  ON CONFLICT (identifier) DO NOTHING;
  IF FOUND THEN
    RETURN 'recorded';
  END IF;
  RETURN 'duplicate';
END
$fn$;
