/**
 * tollgate_user_billing, the read-only SQL view for apps sharing the database, answers what
 * GET /status answers (core's deriveBillingState) for every kind of subscription — on PGlite and,
 * with TEST_DATABASE_URL, on PostgreSQL.
 */
import {
  type BillingPolicy,
  type BillingSnapshot,
  definePlans,
  deriveBillingState,
  type SubscriptionSnapshot,
} from '@tollgate/core';
import { subscriptionSnapshot } from '@tollgate/core/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog as appCatalog } from '../../../../test/app';
import { pglite, postgres, type TestDb } from '../../../../test/database';
import { createBillingView } from '../../src/service/billing-view/billing-view';

/** The test app's plans plus Team, sold per seat: limits that grow with the seats, one unlimited. */
const catalog = definePlans([
  ...appCatalog.plans,
  {
    key: 'team',
    name: 'Team',
    rank: 10,
    entitlements: { projects: 2, api: true, members: -1 },
    seats: { min: 2, max: 20, perSeat: { projects: 5, members: 1, exports: 3 } },
    prices: { month: { lookupKey: 'tg_team_month', amount: 1200, currency: 'usd' } },
  },
]);

const DAY = 86_400_000;
const at = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString();

/** Core's fixture subscription, in a period around now (the view judges at the database's now()). */
const subscription = (overrides: Partial<SubscriptionSnapshot>): SubscriptionSnapshot =>
  subscriptionSnapshot({ currentPeriodStart: at(-10), currentPeriodEnd: at(20), ...overrides });

const CASES: Record<string, SubscriptionSnapshot | null | 'no-snapshot'> = {
  never_synced: 'no-snapshot',
  no_subscription: null,
  active: subscription({}),
  business_year: subscription({ plan: 'business', interval: 'year' }),
  trialing: subscription({ status: 'trialing', trialStart: at(-2), trialEnd: at(12) }),
  past_due_in_period: subscription({ status: 'past_due', currentPeriodStart: at(-5) }),
  past_due_after_period: subscription({
    status: 'past_due',
    currentPeriodStart: at(-40),
    currentPeriodEnd: at(-10),
  }),
  canceled: subscription({ status: 'canceled', endedAt: at(-1), canceledAt: at(-3) }),
  unpaid: subscription({ status: 'unpaid' }),
  incomplete: subscription({ status: 'incomplete' }),
  cancel_pending: subscription({ cancelAtPeriodEnd: true }),
  unknown_price: subscription({ plan: null, priceId: 'price_legacy' }),
  team_seats: subscription({ plan: 'team', quantity: 7 }),
  team_ended: subscription({ plan: 'team', quantity: 7, status: 'unpaid' }),
};

async function seed(db: TestDb) {
  const q = (name: string) => `"${db.schema}".${name}`;
  for (const [user, sub] of Object.entries(CASES)) {
    await db.db.query(
      `INSERT INTO ${q('tollgate_customers')} (user_id, customer_id) VALUES ($1, $2)`,
      [user, `cus_${user}`],
    );
    if (sub === 'no-snapshot') continue;
    const snapshot: BillingSnapshot = {
      customerId: `cus_${user}`,
      hasHadTrial: false,
      subscription: sub,
      syncedAt: new Date().toISOString(),
    };
    await db.db.query(
      `INSERT INTO ${q('tollgate_snapshots')} (customer_id, snapshot, synced_at) VALUES ($1, $2::jsonb, now())`,
      [`cus_${user}`, JSON.stringify(snapshot)],
    );
  }
}

const iso = (value: unknown) => (value === null ? null : new Date(value as string).toISOString());

async function compare(db: TestDb, policy: BillingPolicy | undefined) {
  await createBillingView(db.db, db.schema, catalog, policy);
  const { rows } = await db.db.query(
    `SELECT * FROM "${db.schema}".tollgate_user_billing ORDER BY user_id`,
  );
  expect(rows.map((row) => (row as { user_id: string }).user_id).sort()).toEqual(
    Object.keys(CASES).sort(),
  );
  for (const row of rows as Record<string, unknown>[]) {
    const sub = CASES[row.user_id as string]!;
    const status = deriveBillingState(
      sub === 'no-snapshot'
        ? null
        : { customerId: 'c', hasHadTrial: false, subscription: sub, syncedAt: '' },
      { catalog, now: new Date(), ...(policy ? { policy } : {}) },
    );
    expect(
      {
        plan: row.plan,
        interval: row.interval,
        status: row.status,
        access: row.access,
        entitlements: row.entitlements,
        seats: row.seats,
        currentPeriodEnd: iso(row.current_period_end),
        cancelAt: iso(row.cancel_at),
      },
      String(row.user_id),
    ).toEqual({
      plan: status.plan,
      interval: status.interval,
      status: status.status,
      access: status.access,
      entitlements: status.entitlements,
      seats: status.seats,
      currentPeriodEnd: status.currentPeriodEnd,
      cancelAt: status.cancelAt,
    });
  }
  return rows as Record<string, unknown>[];
}

describe.each([
  ['pglite', () => pglite('billing_view')],
  ['postgres', () => postgres('billing_view')],
] as const)('tollgate_user_billing on %s', (name, open) => {
  let db: TestDb | null;
  beforeAll(async () => {
    db = await open();
    if (db) await seed(db);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it.skipIf(name === 'postgres' && !process.env.TEST_DATABASE_URL)(
    'answers plan, status, access and entitlements as GET /status does (grace until period end)',
    // DDL on a PostgreSQL shared with other suites can wait for their locks.
    { timeout: 30_000 },
    async () => {
      const rows = await compare(db!, undefined);
      const byUser = Object.fromEntries(rows.map((row) => [row.user_id, row]));
      // The cases do cover what matters: grace, lost access, unknown prices.
      expect(byUser.past_due_in_period?.access).toBe('grace');
      expect(byUser.past_due_after_period).toMatchObject({ access: 'none', plan: 'free' });
      expect(byUser.unknown_price).toMatchObject({ plan: 'free', access: 'full' });
      // Per seat: 2 + 5 × 7 projects, unlimited members stay unlimited, 3 × 7 exports.
      expect(byUser.team_seats).toMatchObject({
        seats: 7,
        entitlements: { projects: 37, api: true, members: -1, exports: 21 },
      });
    },
  );

  it.skipIf(name === 'postgres' && !process.env.TEST_DATABASE_URL)(
    'follows the policy the service runs with (grace in days, unknown prices to a plan)',
    // DDL on a PostgreSQL shared with other suites can wait for their locks.
    { timeout: 30_000 },
    async () => {
      const rows = await compare(db!, { pastDueGrace: { days: 3 }, unknownPlan: 'pro' });
      const byUser = Object.fromEntries(rows.map((row) => [row.user_id, row]));
      expect(byUser.past_due_in_period?.access).toBe('none');
      expect(byUser.unknown_price?.plan).toBe('pro');
    },
  );

  it.skipIf(name === 'postgres' && !process.env.TEST_DATABASE_URL)(
    'is read-only',
    { timeout: 30_000 },
    async () => {
      await expect(
        db!.db.query(`UPDATE "${db!.schema}".tollgate_user_billing SET access = 'full'`),
      ).rejects.toThrow(/cannot update view|not automatically updatable/);
    },
  );
});
