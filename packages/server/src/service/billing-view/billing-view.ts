import { type BillingPolicy, type Catalog, resolvePolicy } from '@tollgate/core';
import { statements } from '../../store/sql';
import type { Queryable } from '../../store/types';
import viewSql from './billing-view.sql';

const NAMES = /\btollgate_(customers|snapshots|plans|policy|user_billing)\b/g;

/**
 * Creates (or refreshes) `tollgate_user_billing`, the read-only view of each user's plan,
 * status, access, entitlements and seats for apps that share the database, and writes the catalog and
 * policy it derives with. Run by the service at start, after the migrations.
 */
export async function createBillingView(
  db: Queryable,
  schema: string | null,
  catalog: Catalog,
  policy: BillingPolicy | undefined,
): Promise<void> {
  const sql = schema ? viewSql.replace(NAMES, (name) => `"${schema}".${name}`) : viewSql;
  for (const statement of statements(sql)) await db.query(statement);
  const q = (name: string) => (schema ? `"${schema}".${name}` : name);
  const rules = resolvePolicy(policy, catalog);
  const grace = rules.pastDueGrace;
  const plans = catalog.plans.map((plan) => ({
    plan: plan.key,
    free: plan.free,
    rank: plan.rank,
    entitlements: plan.entitlements,
    per_seat: plan.seats?.perSeat ?? {},
    price_ids: Object.values(plan.prices).flatMap((ref) =>
      ref && 'priceId' in ref ? [ref.priceId] : [],
    ),
  }));
  // One statement each: the view never sees a half-written catalog.
  await db.query(
    `WITH incoming AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb)
         AS x(plan text, free boolean, rank integer, entitlements jsonb, per_seat jsonb,
           price_ids text[])),
     gone AS (DELETE FROM ${q('tollgate_plans')} WHERE plan NOT IN (SELECT plan FROM incoming))
     INSERT INTO ${q('tollgate_plans')} (plan, free, rank, entitlements, per_seat, price_ids)
     SELECT plan, free, rank, entitlements, per_seat, price_ids FROM incoming
     ON CONFLICT (plan) DO UPDATE SET free = excluded.free, rank = excluded.rank,
       entitlements = excluded.entitlements, per_seat = excluded.per_seat,
       price_ids = excluded.price_ids`,
    [JSON.stringify(plans)],
  );
  await db.query(
    `INSERT INTO ${q('tollgate_policy')} (id, past_due_grace, grace_days, unknown_plan)
     VALUES (true, $1, $2, $3)
     ON CONFLICT (id) DO UPDATE SET past_due_grace = excluded.past_due_grace,
       grace_days = excluded.grace_days, unknown_plan = excluded.unknown_plan`,
    [
      typeof grace === 'object' ? 'days' : grace,
      typeof grace === 'object' ? grace.days : null,
      rules.unknownPlan,
    ],
  );
}
