-- The read-only view of each user's billing for apps that share Tollgate's database:
-- SELECT plan, status, access, entitlements FROM tollgate_user_billing WHERE user_id = '42';
-- The service writes the catalog (tollgate_plans) and the policy (tollgate_policy) it derives
-- with at every start; the view applies the same rules as GET /status, judged at now().

CREATE TABLE IF NOT EXISTS tollgate_plans (
  plan text PRIMARY KEY,
  free boolean NOT NULL,
  rank integer NOT NULL,
  entitlements jsonb NOT NULL,
  price_ids text[] NOT NULL DEFAULT '{}'
);
-- Per-seat entitlements ({"projects": 5}: 5 more per seat), added after the table's first release.
ALTER TABLE tollgate_plans ADD COLUMN IF NOT EXISTS per_seat jsonb NOT NULL DEFAULT '{}';

CREATE TABLE IF NOT EXISTS tollgate_policy (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  -- 'period_end' | 'none' | 'days'
  past_due_grace text NOT NULL,
  grace_days double precision,
  unknown_plan text
);

CREATE OR REPLACE VIEW tollgate_user_billing AS
WITH policy AS (
  SELECT * FROM tollgate_policy WHERE id
),
-- What a user without a subscription or without access is on: the free plan, else none.
base AS (
  SELECT
    COALESCE((SELECT plan FROM tollgate_plans WHERE free), 'none') AS plan,
    COALESCE((SELECT entitlements FROM tollgate_plans WHERE free), '{}'::jsonb) AS entitlements
),
subscribed AS (
  SELECT
    c.user_id,
    c.customer_id,
    sub,
    sub ->> 'status' AS status,
    COALESCE((sub ->> 'quantity')::integer, 1) AS quantity,
    -- The plan as synced, else by price id, else the policy's unknown plan, else free, else the lowest rank.
    COALESCE(
      (SELECT p.plan FROM tollgate_plans p WHERE p.plan = sub ->> 'plan'),
      (SELECT p.plan FROM tollgate_plans p WHERE sub ->> 'priceId' = ANY (p.price_ids) LIMIT 1),
      (SELECT p.plan FROM tollgate_plans p, policy WHERE p.plan = policy.unknown_plan),
      (SELECT p.plan FROM tollgate_plans p WHERE p.free),
      (SELECT p.plan FROM tollgate_plans p ORDER BY p.rank LIMIT 1)
    ) AS plan,
    s.synced_at
  FROM tollgate_customers c
  LEFT JOIN tollgate_snapshots s ON s.customer_id = c.customer_id
  LEFT JOIN LATERAL (SELECT NULLIF(s.snapshot -> 'subscription', 'null'::jsonb) AS sub) x ON true
),
judged AS (
  SELECT
    subscribed.*,
    CASE
      WHEN sub IS NULL THEN 'full'
      WHEN status IN ('trialing', 'active') THEN 'full'
      WHEN status = 'past_due' AND policy.past_due_grace = 'period_end'
        AND now() < (sub ->> 'currentPeriodEnd')::timestamptz THEN 'grace'
      WHEN status = 'past_due' AND policy.past_due_grace = 'days'
        AND now() < (sub ->> 'currentPeriodStart')::timestamptz
          + make_interval(secs => policy.grace_days * 86400) THEN 'grace'
      ELSE 'none'
    END AS access
  FROM subscribed, policy
)
SELECT
  j.user_id,
  j.customer_id,
  CASE WHEN j.sub IS NULL OR j.access = 'none' THEN base.plan ELSE j.plan END AS plan,
  CASE WHEN j.sub IS NULL OR j.access = 'none' OR p.free THEN NULL ELSE j.sub ->> 'interval' END
    AS "interval",
  COALESCE(j.status, 'none') AS status,
  j.access,
  CASE
    WHEN j.sub IS NULL OR j.access = 'none' THEN base.entitlements
    -- Each per-seat limit adds per seat × seats to the plan's own (unlimited, -1, stays so).
    ELSE p.entitlements || COALESCE((
      SELECT jsonb_object_agg(e.key, CASE
        WHEN p.entitlements -> e.key = '-1'::jsonb THEN p.entitlements -> e.key
        ELSE to_jsonb(
          CASE WHEN jsonb_typeof(p.entitlements -> e.key) = 'number'
            THEN (p.entitlements ->> e.key)::numeric ELSE 0 END
          + (e.value #>> '{}')::numeric * j.quantity)
        END)
      FROM jsonb_each(p.per_seat) AS e), '{}'::jsonb)
  END AS entitlements,
  CASE WHEN j.status IN ('canceled', 'incomplete_expired') THEN NULL
    ELSE (j.sub ->> 'currentPeriodEnd')::timestamptz END AS current_period_end,
  CASE WHEN j.status IN ('canceled', 'incomplete_expired') THEN NULL
    ELSE COALESCE((j.sub ->> 'cancelAt')::timestamptz,
      CASE WHEN (j.sub ->> 'cancelAtPeriodEnd')::boolean
        THEN (j.sub ->> 'currentPeriodEnd')::timestamptz END) END AS cancel_at,
  j.synced_at,
  -- Appended: CREATE OR REPLACE VIEW keeps the earlier columns where they were.
  CASE WHEN j.sub IS NULL OR j.access = 'none' THEN NULL ELSE j.quantity END AS seats
FROM judged j
CROSS JOIN base
LEFT JOIN tollgate_plans p ON p.plan = j.plan;
