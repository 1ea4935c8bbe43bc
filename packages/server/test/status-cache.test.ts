import type { SubscriptionSnapshot } from '@tollgate/core';
import { subscriptionSnapshot } from '@tollgate/core/fixtures';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { get, headerAuth, makeBilling, unreachableStripe } from '../../../test/app';
import { pglite, postgres, type TestDb, testPostgresUrl } from '../../../test/database';
import type { BillingConfig, BillingUser } from '../src/config';
import type { Billing } from '../src/create-billing';
import { LISTENER_NAME } from '../src/store/notices';
import { createStore } from '../src/store/store';
import { startStack } from './helpers/stack';

const targets: { name: string; open: () => Promise<TestDb | null> }[] = [
  { name: 'pglite', open: () => pglite('status_cache') },
  { name: 'postgres', open: () => postgres('status_cache') },
];

const DAY_MS = 86_400_000;

async function status(billing: Billing, user: string) {
  const res = await billing.handler(get('/status', user));
  expect(res.status).toBe(200);
  return (await res.json()) as {
    status: string;
    plan: string;
    access: string;
    alerts: { type: string }[];
  };
}

async function cacheStats(billing: Billing) {
  const report = await billing.health();
  return report.statusCache!;
}

/**
 * Waits until `billing` has heard every notice committed so far: PostgreSQL delivers notices in
 * commit order, so once a notice sent now arrives, those of earlier writes have arrived too.
 */
async function heardAll(t: TestDb, billing: Billing) {
  await vi.waitFor(async () => expect((await cacheStats(billing)).state).toBe('listening'), {
    timeout: 10_000,
  });
  const before = (await cacheStats(billing)).notices;
  await vi.waitFor(
    async () => {
      await t.second.query("SELECT pg_notify('tollgate_status', 'u:~barrier')");
      expect((await cacheStats(billing)).notices).toBeGreaterThan(before);
    },
    { timeout: 10_000 },
  );
}

/** The status triggers `sql/status-triggers.sql` installs, with their tables. */
const STATUS_TRIGGERS = [
  ['tollgate_customers_status', 'tollgate_customers'],
  ['tollgate_customers_status_update', 'tollgate_customers'],
  ['tollgate_customers_status_truncate', 'tollgate_customers'],
  ['tollgate_snapshots_status', 'tollgate_snapshots'],
  ['tollgate_snapshots_status_truncate', 'tollgate_snapshots'],
] as const;

/** Names of the status triggers on `t`'s tables, sorted. */
async function statusTriggers(t: Pick<TestDb, 'second' | 'schema'>): Promise<string[]> {
  const { rows } = await t.second.query(
    `SELECT g.tgname FROM pg_trigger g
       JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND g.tgname LIKE 'tollgate%status%' ORDER BY 1`,
    [t.schema],
  );
  return rows.map((row) => String((row as { tgname: string }).tgname));
}

/** Reads `users` in order once every earlier write's notice has arrived; `entries` are kept. */
async function kept(t: TestDb, billing: Billing, users: string[], entries: number) {
  await heardAll(t, billing);
  for (const user of users) await status(billing, user);
  expect((await cacheStats(billing)).entries).toBe(entries);
}

for (const target of targets) {
  describe(`status cache on ${target.name}`, () => {
    let t: TestDb | null = null;
    const open: Billing[] = [];
    beforeAll(async () => {
      t = await target.open();
    }, 30_000);
    afterAll(async () => {
      await Promise.all(open.map((billing) => billing.close()));
      await t?.close();
    });
    const it_ = (name: string, fn: (t: TestDb) => Promise<void>) =>
      it.skipIf(target.name === 'postgres' && !testPostgresUrl())(name, () => fn(t!), 60_000);

    /** An instance with the status cache on, over `db` (the first pool unless told). */
    const instance = (
      t: TestDb,
      options: { now?: () => Date; max?: number; db?: TestDb['db'] } = {},
    ) => {
      const billing = makeBilling({
        stripe: unreachableStripe,
        store: options.db ?? t.db,
        schema: t.schema,
        statusCache: { max: options.max ?? 100 },
        ...(options.now ? { now: options.now } : {}),
      });
      open.push(billing);
      return billing;
    };

    /** Stores a subscription for `user` (linked to `cus_<user>`), as a sync would. */
    const store = async (t: TestDb, user: string, subscription: SubscriptionSnapshot | null) => {
      const s = createStore(t.second, t.schema);
      const customerId = `cus_${user}`;
      await s.linkCustomer(user, customerId, null);
      const expected = await s.snapshotVersion(customerId);
      await s.record({
        write: {
          customerId,
          snapshot: {
            customerId,
            hasHadTrial: false,
            subscription,
            syncedAt: new Date().toISOString(),
          },
          expected,
          userId: user,
        },
        events: [],
      });
    };

    /** Rewrites a stored snapshot's status with the notices switched off: no cache hears of it. */
    const silently = async (t: TestDb, user: string, subscriptionStatus: string) => {
      const table = `"${t.schema}".tollgate_snapshots`;
      await t.second.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
      try {
        await t.second.query(
          `UPDATE ${table} SET snapshot = jsonb_set(snapshot, '{subscription,status}', to_jsonb($2::text)) WHERE customer_id = $1`,
          [`cus_${user}`, subscriptionStatus],
        );
      } finally {
        await t.second.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
      }
    };

    it_('a webhook handled by instance A drops the status instance B kept', async (t) => {
      const stack = await startStack(t, { config: { statusCache: true } });
      try {
        const b = instance(t, {
          db: t.second,
          now: () => new Date(stack.emulator.clock.now() * 1000),
        });
        await stack.subscribe('web1', 'pro', 'month');
        await kept(t, b, ['web1'], 1);
        expect((await status(b, 'web1')).status).toBe('trialing');
        const billing = await createStore(t.db, t.schema).readUser('web1');
        await stack.stripe.subscriptions.cancel(billing.snapshot!.subscription!.id);
        await stack.settle();
        // A answers from its own write at once; B when the store's notice arrives.
        expect((await stack.status('web1')).status).toBe('canceled');
        await vi.waitFor(async () => expect((await status(b, 'web1')).status).toBe('canceled'), {
          timeout: 10_000,
        });
      } finally {
        await stack.billing.close();
        await stack.close();
      }
    });

    it_('a kept status expires at its time edges, with no write', async (t) => {
      let now = new Date('2026-11-20T00:00:00Z');
      const billing = instance(t, { now: () => now });
      const trialEnd = new Date('2026-11-30T00:00:00Z');
      await store(
        t,
        'edge1',
        subscriptionSnapshot({
          status: 'trialing',
          trialStart: '2026-11-16T00:00:00.000Z',
          trialEnd: trialEnd.toISOString(),
        }),
      );
      await store(
        t,
        'edge2',
        subscriptionSnapshot({
          status: 'past_due',
          currentPeriodStart: '2026-11-15T00:00:00.000Z',
          currentPeriodEnd: '2026-12-15T00:00:00.000Z',
        }),
      );
      await kept(t, billing, ['edge1', 'edge2'], 2);
      expect((await status(billing, 'edge1')).alerts.map((a) => a.type)).toEqual([]);
      expect((await status(billing, 'edge2')).access).toBe('grace');
      // Three days before the trial ends, the trial alert appears (policy: trialEndingDays 3).
      now = new Date(trialEnd.getTime() - 3 * DAY_MS);
      expect((await status(billing, 'edge1')).alerts.map((a) => a.type)).toEqual(['trial_ending']);
      now = new Date(trialEnd.getTime() - 1);
      expect((await status(billing, 'edge1')).alerts.map((a) => a.type)).toEqual(['trial_ending']);
      now = trialEnd;
      expect((await status(billing, 'edge1')).alerts.map((a) => a.type)).toEqual([]);
      // The past-due grace ends with the period (policy: pastDueGrace 'period_end').
      expect((await status(billing, 'edge2')).access).toBe('grace');
      now = new Date('2026-12-15T00:00:00Z');
      expect((await status(billing, 'edge2')).access).toBe('none');
    });

    it_(
      'a kept status is answered with the body and headers a fresh read gives, whichever way getUser answers',
      async (t) => {
        await store(t, 'same1', subscriptionSnapshot());
        const fresh = makeBilling({
          stripe: unreachableStripe,
          store: t.db,
          schema: t.schema,
          checkResponses: false,
        });
        open.push(fresh);
        const ways: Record<string, BillingConfig['getUser']> = {
          'at once': headerAuth,
          'in a promise': async (req) => headerAuth(req),
          'in a thenable': (req) =>
            ({
              // biome-ignore lint/suspicious/noThenProperty: a promise-like from another library, as getUser may return
              then: (resolve: (user: BillingUser | null) => void) => resolve(headerAuth(req)),
            }) as never,
        };
        const answer = async (billing: Billing, user: string | null) => {
          const res = await billing.handler(get('/status', user));
          return { status: res.status, headers: [...res.headers], body: await res.text() };
        };
        const expected = await answer(fresh, 'same1');
        expect(expected.status).toBe(200);
        for (const [way, getUser] of Object.entries(ways)) {
          // checkResponses off: the handler exactly as it runs in production.
          const cached = makeBilling({
            stripe: unreachableStripe,
            store: t.db,
            schema: t.schema,
            statusCache: true,
            checkResponses: false,
            getUser,
          });
          open.push(cached);
          await kept(t, cached, ['same1'], 1);
          expect(await answer(cached, 'same1'), way).toEqual(expected);
          expect((await answer(cached, null)).status, way).toBe(401);
        }
        // Those answers came from memory: a write no cache hears of does not show in them.
        await silently(t, 'same1', 'unpaid');
        expect(JSON.parse((await answer(open.at(-1)!, 'same1')).body).status).toBe('active');
        expect(JSON.parse((await answer(fresh, 'same1')).body).status).toBe('unpaid');
      },
    );

    it_('the first cache that listens installs the status triggers', async (t) => {
      for (const [name, table] of STATUS_TRIGGERS) {
        await t.second.query(`DROP TRIGGER IF EXISTS ${name} ON "${t.schema}".${table}`);
      }
      expect(await statusTriggers(t)).toEqual([]);
      const billing = instance(t);
      await vi.waitFor(async () => expect((await cacheStats(billing)).state).toBe('listening'), {
        timeout: 10_000,
      });
      expect(await statusTriggers(t)).toEqual(STATUS_TRIGGERS.map(([name]) => name).sort());
      // and from then on another writer's change reaches it
      await store(t, 'installed1', subscriptionSnapshot());
      await kept(t, billing, ['installed1'], 1);
      await store(t, 'installed1', subscriptionSnapshot({ status: 'past_due' }));
      await vi.waitFor(async () =>
        expect((await status(billing, 'installed1')).status).toBe('past_due'),
      );
    });

    it_('keeps at most max users, dropping the least recently read', async (t) => {
      const billing = instance(t, { max: 2 });
      for (const user of ['lru1', 'lru2', 'lru3']) await store(t, user, subscriptionSnapshot());
      await kept(t, billing, ['lru1', 'lru2', 'lru1', 'lru3'], 2);
      for (const user of ['lru1', 'lru2', 'lru3']) await silently(t, user, 'unpaid');
      // lru1 and lru3 are kept (so the silent write does not show); lru2 was dropped and is read.
      expect((await status(billing, 'lru1')).status).toBe('active');
      expect((await status(billing, 'lru3')).status).toBe('active');
      expect((await status(billing, 'lru2')).status).toBe('unpaid');
    });

    it_('a write through another store on the same database drops the kept status', async (t) => {
      const billing = instance(t);
      await store(t, 'other1', subscriptionSnapshot());
      await kept(t, billing, ['other1'], 1);
      expect((await status(billing, 'other1')).status).toBe('active');
      await store(t, 'other1', subscriptionSnapshot({ status: 'past_due' }));
      await vi.waitFor(
        async () => expect((await status(billing, 'other1')).status).toBe('past_due'),
        {
          timeout: 10_000,
        },
      );
    });

    it.skipIf(target.name !== 'postgres' || !testPostgresUrl())(
      'a lost listening connection: nothing kept is served until it listens again, emptied, then it keeps again',
      async () => {
        const db = t!;
        const billing = instance(db);
        await store(db, 'lost1', subscriptionSnapshot());
        await vi.waitFor(async () => expect((await cacheStats(billing)).state).toBe('listening'));
        await kept(db, billing, ['lost1'], 1);
        expect((await status(billing, 'lost1')).status).toBe('active');
        await db.second.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()',
          [LISTENER_NAME],
        );
        // Noticed: down (nothing served), or already listening again (and emptied).
        await vi.waitFor(async () => {
          const stats = await cacheStats(billing);
          expect(stats.state === 'down' || stats.entries === 0).toBe(true);
        });
        // A write whose notice no listener hears: the kept status must not be served.
        await silently(db, 'lost1', 'unpaid');
        expect((await status(billing, 'lost1')).status).toBe('unpaid');
        await vi.waitFor(async () => expect((await cacheStats(billing)).state).toBe('listening'), {
          timeout: 10_000,
        });
        // Listening again (emptied when it reconnected): it keeps what it reads once more.
        expect((await status(billing, 'lost1')).status).toBe('unpaid');
        expect((await cacheStats(billing)).entries).toBe(1);
      },
      60_000,
    );
  });
}
