import type { BillingSnapshot } from '@tollgate/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../src/store/migrations';
import { createStore } from '../src/store/store';
import { createSyncCoordinator } from '../src/sync/coordinator';
import { pglite, postgres, type TestDb } from './helpers/db';

const snapshot = (customerId: string, marker: string): BillingSnapshot => ({
  customerId,
  hasHadTrial: marker === 'trial',
  subscription: null,
  syncedAt: new Date(0).toISOString(),
});

const targets: { name: string; open: () => Promise<TestDb | null> }[] = [
  { name: 'pglite', open: () => pglite('store') },
  { name: 'postgres', open: () => postgres('store') },
];

for (const target of targets) {
  describe(`store on ${target.name}`, () => {
    let t: TestDb | null = null;
    beforeAll(async () => {
      t = await target.open();
    }, 30_000);
    afterAll(async () => {
      await t?.close();
    });
    const it_ = (name: string, fn: (t: TestDb) => Promise<void>) =>
      it.skipIf(target.name === 'postgres' && !process.env.TEST_DATABASE_URL)(name, () => fn(t!));

    it_('migrations are versioned and re-running them applies nothing', async (t) => {
      expect(await migrate(t.db, t.schema)).toEqual([]);
      const { rows } = await t.db.query(`SELECT version FROM "${t.schema}".tollgate_migrations`);
      expect(rows.map((r) => (r as { version: number }).version)).toEqual(
        MIGRATIONS.map((m) => m.version),
      );
    });

    it_('links a user to one customer: the first link wins', async (t) => {
      const store = createStore(t.db, t.schema);
      expect(await store.linkCustomer('u1', 'cus_A', 'a@x.test')).toBe('cus_A');
      expect(await store.linkCustomer('u1', 'cus_B', 'a@x.test')).toBe('cus_A');
      expect(await store.userForCustomer('cus_A')).toBe('u1');
      expect(await store.customerForUser('u1')).toEqual({
        userId: 'u1',
        customerId: 'cus_A',
        hasHadTrial: false,
      });
      expect(await store.readUser('nobody')).toEqual({
        customerId: null,
        hasHadTrial: false,
        snapshot: null,
      });
    });

    it_('ledger: concurrent claims of one event — exactly one wins', async (t) => {
      const store = createStore(t.db, t.schema);
      const other = createStore(t.second, t.schema);
      const claims = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          (i % 2 ? other : store).claimEvent('evt_race', 'invoice.paid', 'cus_1', 60),
        ),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      await store.finishEvent('evt_race', 'done');
      expect(await store.claimEvent('evt_race', 'invoice.paid', 'cus_1', 60)).toBeNull();
      expect((await store.event('evt_race'))?.status).toBe('done');
    });

    it_('ledger: a failed attempt releases the claim for the retry', async (t) => {
      const store = createStore(t.db, t.schema);
      expect(await store.claimEvent('evt_f', 'x', null, 60)).toEqual({ attempts: 1 });
      await store.finishEvent('evt_f', 'failed', 'boom');
      expect(await store.event('evt_f')).toMatchObject({ status: 'failed', error: 'boom' });
      expect(await store.claimEvent('evt_f', 'x', null, 60)).toEqual({ attempts: 2 });
      expect(await store.event('evt_f')).toMatchObject({ status: 'processing', error: null });
    });

    it_('ledger: a stale processing claim (crashed worker) can be taken over', async (t) => {
      const store = createStore(t.db, t.schema);
      expect(await store.claimEvent('evt_s', 'x', null, 60)).not.toBeNull();
      expect(await store.claimEvent('evt_s', 'x', null, 60)).toBeNull();
      await t.db.query(
        `UPDATE "${t.schema}".tollgate_events SET claimed_at = now() - interval '2 minutes' WHERE id = 'evt_s'`,
      );
      expect(await store.claimEvent('evt_s', 'x', null, 60)).toEqual({ attempts: 2 });
    });

    it_('snapshot write needs the lease and records the trial flag and user link', async (t) => {
      const store = createStore(t.db, t.schema);
      const lease = await store.requestSync('cus_T', 'me', 30);
      expect(lease.owner).toBe('me');
      expect(await store.requestSync('cus_T', 'other', 30)).toEqual({ requested: 2, owner: 'me' });
      expect(await store.writeSnapshot('other', 2, snapshot('cus_T', 'x'), null)).toBeNull();
      expect(await store.writeSnapshot('me', 1, snapshot('cus_T', 'trial'), 'u_T')).toEqual({
        requested: 2,
      });
      expect((await store.syncProgress('cus_T')).leaseFree).toBe(false);
      expect(await store.writeSnapshot('me', 2, snapshot('cus_T', 'trial'), 'u_T')).toEqual({
        requested: 2,
      });
      expect(await store.syncProgress('cus_T')).toEqual({ completed: 2, leaseFree: true });
      expect(await store.readUser('u_T')).toMatchObject({
        customerId: 'cus_T',
        hasHadTrial: true,
        snapshot: { customerId: 'cus_T', hasHadTrial: true },
      });
    });

    it_(
      'two coordinators on separate pools: a burst of syncs coalesces and the last read wins',
      async (t) => {
        let reads = 0;
        let version = 0;
        const read = async (customerId: string) => {
          reads++;
          const seen = ++version;
          await new Promise((resolve) => setTimeout(resolve, 15));
          return {
            userId: null,
            snapshot: { ...snapshot(customerId, 'x'), syncedAt: String(seen) },
          };
        };
        const a = createSyncCoordinator({ store: createStore(t.db, t.schema), read, pollMs: 5 });
        const b = createSyncCoordinator({
          store: createStore(t.second, t.schema),
          read,
          pollMs: 5,
        });
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).sync('cus_burst')),
        );
        expect(reads).toBeLessThan(10);
        const stored = await createStore(t.db, t.schema).snapshot('cus_burst');
        expect(stored?.syncedAt).toBe(String(version));
        expect(results.every((r) => r.customerId === 'cus_burst')).toBe(true);
      },
    );

    it_('a failing sync releases its lease so the next one runs', async (t) => {
      let fail = true;
      const read = async (customerId: string) => {
        if (fail) throw new Error('stripe down');
        return { userId: null, snapshot: snapshot(customerId, 'ok') };
      };
      const store = createStore(t.db, t.schema);
      const c = createSyncCoordinator({ store, read, pollMs: 5 });
      await expect(c.sync('cus_fail')).rejects.toThrow('stripe down');
      expect((await store.syncProgress('cus_fail')).leaseFree).toBe(true);
      fail = false;
      await expect(c.sync('cus_fail')).resolves.toMatchObject({ customerId: 'cus_fail' });
    });
  });
}
