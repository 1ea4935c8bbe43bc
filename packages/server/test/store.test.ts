import type { BillingSnapshot } from '@tollgate/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pglite, postgres, type TestDb, testPostgresUrl } from '../../../test/database';
import { MIGRATIONS, migrate } from '../src/store/migrations';
import { createStore, type Store } from '../src/store/store';
import { createSyncCoordinator } from '../src/sync/coordinator';

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
      it.skipIf(target.name === 'postgres' && !testPostgresUrl())(name, () => fn(t!));

    it_('migrations are versioned and re-running them applies nothing', async (t) => {
      expect(await migrate(t.db, t.schema)).toEqual([]);
      const { rows } = await t.db.query(`SELECT version FROM "${t.schema}".tollgate_migrations`);
      expect(rows.map((r) => (r as { version: number }).version)).toEqual(
        MIGRATIONS.map((m) => m.version),
      );
    });

    it_(
      'migrations install no status triggers: without a status cache no write notifies',
      async (t) => {
        const { rows } = await t.db.query(
          `SELECT g.tgname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND NOT g.tgisinternal`,
          [t.schema],
        );
        expect(rows).toEqual([]);
      },
    );

    it_('indexes only the ledger rows not finished', async (t) => {
      const { rows } = await t.db.query(
        `SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = 'tollgate_events'`,
        [t.schema],
      );
      const names = (rows as { indexname: string }[]).map((r) => r.indexname);
      expect(names.sort()).toEqual(['tollgate_events_pkey', 'tollgate_events_unfinished_idx']);
    });

    it_(
      'migrations started together, in one process and from another pool, all succeed',
      async (t) => {
        for (let round = 0; round < 6; round++) {
          const schema = `${t.schema}_race${round}`;
          const runs = await Promise.allSettled([
            migrate(t.db, schema),
            migrate(t.second, schema),
            migrate(t.db, schema),
            migrate(t.second, schema),
          ]);
          expect(runs.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual([
            'ok',
            'ok',
            'ok',
            'ok',
          ]);
          const { rows } = await t.db.query(`SELECT version FROM "${schema}".tollgate_migrations`);
          expect(rows).toHaveLength(MIGRATIONS.length);
          await t.db.query(`DROP SCHEMA "${schema}" CASCADE`);
        }
      },
    );

    it_(
      'a database that recorded the unsquashed migrations (1, 2, 3) applies nothing again',
      async (t) => {
        await t.db.query(
          `INSERT INTO "${t.schema}".tollgate_migrations (version, name) VALUES (2, 'pre-release')`,
        );
        expect(await migrate(t.db, t.schema)).toEqual([]);
        await t.db.query(`DELETE FROM "${t.schema}".tollgate_migrations WHERE version = 2`);
      },
    );

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

    const claim = (id: string, status: 'done' | 'processing' = 'processing') => ({
      id,
      type: 'invoice.paid',
      customerId: null,
      status,
    });
    const outcomeOf = async (store: Store, id: string, status?: 'done' | 'processing') =>
      (await store.record({ events: [claim(id, status)] })).events[0]!.outcome;

    it_('ledger: concurrent claims of one event — exactly one wins', async (t) => {
      const store = createStore(t.db, t.schema);
      const other = createStore(t.second, t.schema);
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, (_, i) => outcomeOf(i % 2 ? other : store, 'evt_race')),
      );
      expect(outcomes.filter((o) => o === 'claimed')).toHaveLength(1);
      expect(outcomes.filter((o) => o !== 'claimed')).toEqual(Array(7).fill('processing'));
      await store.finishEvent('evt_race', 'done');
      expect(await outcomeOf(store, 'evt_race')).toBe('done');
      expect((await store.event('evt_race'))?.status).toBe('done');
    });

    it_('ledger: a failed attempt releases the claim for the retry', async (t) => {
      const store = createStore(t.db, t.schema);
      expect(await outcomeOf(store, 'evt_f')).toBe('claimed');
      await store.finishEvent('evt_f', 'failed', 'boom');
      expect(await store.event('evt_f')).toMatchObject({ status: 'failed', error: 'boom' });
      expect(await store.record({ events: [claim('evt_f', 'done')] })).toEqual({
        events: [{ outcome: 'claimed', attempts: 2 }],
      });
      expect(await store.event('evt_f')).toMatchObject({ status: 'done', error: null });
    });

    it_('ledger: a stale processing claim (crashed worker) can be taken over', async (t) => {
      const store = createStore(t.db, t.schema);
      expect(await outcomeOf(store, 'evt_s')).toBe('claimed');
      expect(await outcomeOf(store, 'evt_s')).toBe('processing');
      await t.db.query(
        `UPDATE "${t.schema}".tollgate_events SET claimed_at = now() - interval '3 minutes' WHERE id = 'evt_s'`,
      );
      expect(await store.record({ events: [claim('evt_s')] })).toEqual({
        events: [{ outcome: 'claimed', attempts: 2 }],
      });
    });

    it_(
      'snapshot write: compare-and-set on the version, with the trial flag and user link',
      async (t) => {
        const store = createStore(t.db, t.schema);
        const write = (expected: number, marker: string, userId: string | null = 'u_T') => ({
          customerId: 'cus_T',
          snapshot: { ...snapshot('cus_T', marker), syncedAt: marker },
          expected,
          userId,
        });
        expect(await store.snapshotVersion('cus_T')).toBe(0);
        expect(await store.record({ write: write(0, 'trial'), events: [] })).toEqual({
          write: { outcome: 'written', version: 1 },
          events: [],
        });
        // A writer that saw version 0 before its read lost the race: its read may be older.
        expect(
          await store.record({ write: write(0, 'old'), events: [claim('evt_lost', 'done')] }),
        ).toEqual({
          write: { outcome: 'conflict', version: 1 },
          events: [{ outcome: 'skipped', attempts: 0 }],
        });
        expect(await store.event('evt_lost')).toBeNull();
        // The same state (only syncedAt differs) is left as stored, whatever version was seen.
        expect(
          (
            await store.record({
              write: {
                ...write(0, 'trial'),
                snapshot: { ...snapshot('cus_T', 'trial'), syncedAt: 'later' },
              },
              events: [],
            })
          ).write,
        ).toEqual({ outcome: 'unchanged', version: 1 });
        expect(
          await store.record({ write: write(1, 'x'), events: [claim('evt_w', 'done')] }),
        ).toEqual({
          write: { outcome: 'written', version: 2 },
          events: [{ outcome: 'claimed', attempts: 1 }],
        });
        expect(await store.snapshotVersion('cus_T')).toBe(2);
        expect(await store.readUser('u_T')).toMatchObject({
          customerId: 'cus_T',
          hasHadTrial: true,
          snapshot: { customerId: 'cus_T', syncedAt: 'x' },
        });
      },
    );

    it_(
      'a landing write and an event already recorded: the snapshot is written, the claim answers what the ledger holds',
      async (t) => {
        const store = createStore(t.db, t.schema);
        const write = (expected: number, marker: string) => ({
          customerId: 'cus_again',
          snapshot: snapshot('cus_again', marker),
          expected,
          userId: null,
        });
        await store.record({ events: [claim('evt_again_done', 'done')] });
        expect(await outcomeOf(store, 'evt_again_failed')).toBe('claimed');
        await store.finishEvent('evt_again_failed', 'failed', 'boom');
        // A duplicate delivery whose Stripe read found new state: written, not claimed again.
        expect(
          await store.record({ write: write(0, 'a'), events: [claim('evt_again_done', 'done')] }),
        ).toEqual({
          write: { outcome: 'written', version: 1 },
          events: [{ outcome: 'done', attempts: 0 }],
        });
        // Stripe's retry of a failed attempt: written, and the claim taken over.
        expect(
          await store.record({
            write: write(1, 'trial'),
            events: [claim('evt_again_failed', 'done')],
          }),
        ).toEqual({
          write: { outcome: 'written', version: 2 },
          events: [{ outcome: 'claimed', attempts: 2 }],
        });
        expect(await store.event('evt_again_failed')).toMatchObject({
          status: 'done',
          error: null,
        });
        // State unchanged: nothing written, the new event still claimed.
        expect(
          await store.record({
            write: write(2, 'trial'),
            events: [claim('evt_again_new', 'done')],
          }),
        ).toEqual({
          write: { outcome: 'unchanged', version: 2 },
          events: [{ outcome: 'claimed', attempts: 1 }],
        });
        expect(await store.snapshot('cus_again')).toMatchObject({ hasHadTrial: true });
      },
    );

    it_(
      'a sync recorded with several events claims each, or skips them all when its write conflicts',
      async (t) => {
        const store = createStore(t.db, t.schema);
        const write = (expected: number, marker: string) => ({
          customerId: 'cus_many',
          snapshot: snapshot('cus_many', marker),
          expected,
          userId: null,
        });
        await store.record({ events: [claim('evt_many_seen', 'done')] });
        expect(
          await store.record({
            write: write(0, 'a'),
            events: ['evt_many_1', 'evt_many_seen', 'evt_many_2'].map((id) => claim(id, 'done')),
          }),
        ).toEqual({
          write: { outcome: 'written', version: 1 },
          events: [
            { outcome: 'claimed', attempts: 1 },
            { outcome: 'done', attempts: 0 },
            { outcome: 'claimed', attempts: 1 },
          ],
        });
        expect(
          await store.record({
            write: write(0, 'trial'),
            events: [claim('evt_many_3', 'done'), claim('evt_many_4', 'done')],
          }),
        ).toEqual({
          write: { outcome: 'conflict', version: 1 },
          events: [
            { outcome: 'skipped', attempts: 0 },
            { outcome: 'skipped', attempts: 0 },
          ],
        });
        expect(await store.event('evt_many_2')).toMatchObject({ status: 'done' });
        expect(await store.event('evt_many_3')).toBeNull();
        expect(await store.event('evt_many_4')).toBeNull();
      },
    );

    it_(
      'a trial Stripe reports later is recorded on a customer already linked, with or without its metadata.userId',
      async (t) => {
        const store = createStore(t.db, t.schema);
        const write = (
          customerId: string,
          userId: string | null,
          marker: string,
          expected: number,
        ) =>
          store.record({
            write: { customerId, snapshot: snapshot(customerId, marker), expected, userId },
            events: [],
          });
        await store.linkCustomer('u_late', 'cus_late', null);
        await store.linkCustomer('u_anon', 'cus_anon', null);
        expect((await write('cus_late', 'u_late', 'paid', 0)).write?.outcome).toBe('written');
        expect((await write('cus_anon', null, 'paid', 0)).write?.outcome).toBe('written');
        expect(await store.customerForUser('u_late')).toMatchObject({ hasHadTrial: false });
        expect(await store.customerForUser('u_anon')).toMatchObject({ hasHadTrial: false });
        await write('cus_late', 'u_late', 'trial', 1);
        await write('cus_anon', null, 'trial', 1);
        expect(await store.customerForUser('u_late')).toMatchObject({
          customerId: 'cus_late',
          hasHadTrial: true,
        });
        expect(await store.customerForUser('u_anon')).toMatchObject({
          customerId: 'cus_anon',
          hasHadTrial: true,
        });
        // once recorded, a later state without a trial leaves the flag as it is
        await write('cus_late', 'u_late', 'paid again', 2);
        expect(await store.customerForUser('u_late')).toMatchObject({ hasHadTrial: true });
      },
    );

    it_('concurrent reads of users share one statement and each gets its own answer', async (t) => {
      const store = createStore(t.db, t.schema);
      await store.linkCustomer('u_r1', 'cus_r1', null);
      await store.linkCustomer('u_r2', 'cus_r2', null);
      const answers = await Promise.all(
        ['u_r1', 'u_r2', 'nobody', 'u_r1'].map((id) => store.readUser(id)),
      );
      expect(answers.map((a) => a.customerId)).toEqual(['cus_r1', 'cus_r2', null, 'cus_r1']);
    });

    it_('a pool gets two statements in flight; a single connection gets one', async (t) => {
      /** `t.db`, counting statements and the most in flight at once; `max` mimics `pg.Pool`. */
      const watched = (max?: number) => {
        const seen = { statements: 0, inFlight: 0, most: 0 };
        const db = {
          ...(max ? { options: { max } } : {}),
          async query(text: string, params?: unknown[]) {
            seen.statements++;
            seen.most = Math.max(seen.most, ++seen.inFlight);
            try {
              return await t.db.query(text, params);
            } finally {
              seen.inFlight--;
            }
          },
        };
        return { db, seen };
      };
      const users = ['u_l1', 'u_l2', 'u_l3', 'u_l4', 'u_l5', 'u_l6'];
      const pool = watched(10);
      const poolStore = createStore(pool.db, t.schema);
      await Promise.all(users.map((id) => poolStore.readUser(id)));
      // The first two calls go out at once, the other four share the next free lane.
      expect(pool.seen).toEqual({ statements: 3, inFlight: 0, most: 2 });
      const single = watched();
      const singleStore = createStore(single.db, t.schema);
      await Promise.all(users.map((id) => singleStore.readUser(id)));
      expect(single.seen).toEqual({ statements: 2, inFlight: 0, most: 1 });
    });

    it_(
      'two coordinators on separate pools: a burst of syncs coalesces and the last read wins',
      async (t) => {
        // Stripe's state moves on every read, so each read's snapshot is new state.
        let reads = 0;
        const read = async (customerId: string) => {
          const seen = ++reads;
          await new Promise((resolve) => setTimeout(resolve, 15));
          return {
            userId: null,
            snapshot: { ...snapshot(customerId, 'x'), syncedAt: String(seen), state: seen },
          };
        };
        const storeA = createStore(t.db, t.schema);
        const a = createSyncCoordinator({ store: storeA, read });
        const b = createSyncCoordinator({ store: createStore(t.second, t.schema), read });
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).sync('cus_burst')),
        );
        expect(reads).toBeLessThan(10);
        expect(results.every((r) => r.customerId === 'cus_burst')).toBe(true);
        // A read that loses the compare-and-set is read again, so the last read is the one stored.
        const stored = (await storeA.snapshot('cus_burst')) as unknown as { state: number };
        expect(stored.state).toBe(reads);
      },
    );

    it_('an older read never lands over a newer one written by another instance', async (t) => {
      // Stripe's state moves on every read; instance A's read is slow, B's is fast.
      let stripeState = 0;
      const slowRelease: (() => void)[] = [];
      const reader = (slow: boolean) => async (customerId: string) => {
        const seen = ++stripeState;
        if (slow) await new Promise<void>((resolve) => slowRelease.push(resolve));
        return {
          userId: null,
          snapshot: {
            ...snapshot(customerId, 'x'),
            syncedAt: String(seen),
            subscription: null,
            hasHadTrial: false,
            state: seen,
          },
        };
      };
      const storeA = createStore(t.db, t.schema);
      const a = createSyncCoordinator({ store: storeA, read: reader(true) });
      const b = createSyncCoordinator({
        store: createStore(t.second, t.schema),
        read: reader(false),
      });
      const slow = a.sync('cus_order'); // reads state 1, held
      while (slowRelease.length === 0) await new Promise((r) => setTimeout(r, 1));
      await b.sync('cus_order'); // reads state 2, written
      slowRelease.shift()!(); // A's write of state 1 conflicts; A reads again (state 3)
      while (slowRelease.length === 0) await new Promise((r) => setTimeout(r, 1));
      slowRelease.shift()!();
      await slow;
      const stored = (await storeA.snapshot('cus_order')) as unknown as { state: number };
      expect(stored.state).toBe(3);
      expect(await storeA.snapshotVersion('cus_order')).toBe(2);
    });

    it_('a failing sync rejects its callers and the next one runs', async (t) => {
      let fail = true;
      const read = async (customerId: string) => {
        if (fail) throw new Error('stripe down');
        return { userId: null, snapshot: snapshot(customerId, 'ok') };
      };
      const store = createStore(t.db, t.schema);
      const c = createSyncCoordinator({ store, read });
      await expect(c.sync('cus_fail')).rejects.toThrow('stripe down');
      fail = false;
      await expect(c.sync('cus_fail')).resolves.toMatchObject({ customerId: 'cus_fail' });
      expect(await store.snapshotVersion('cus_fail')).toBe(1);
    });

    // regression (issue 14 #4): an operator edited metadata.userId on a Stripe customer, and every
    // later write for it failed with duplicate key … tollgate_customers_customer_id_key
    it_(
      'a link conflict keeps the stored link, is recorded, and clears once Stripe agrees',
      async (t) => {
        const store = createStore(t.db, t.schema);
        const write = (customerId: string, userId: string, expected: number) =>
          store.record({
            write: { customerId, snapshot: snapshot(customerId, userId), expected, userId },
            events: [],
          });
        await write('cus_link', 'u_owner', 0);
        const moved = await write('cus_link', 'u_other', 1);
        expect(moved.write?.note).toMatch(/u_owner.*u_other/);
        expect(await store.userForCustomer('cus_link')).toBe('u_owner');
        expect(await store.customerForUser('u_other')).toBeNull();
        expect(await store.linkConflicts()).toContainEqual({
          userId: 'u_owner',
          customerId: 'cus_link',
          conflictsWith: 'u_other',
        });
        // a user already linked to another customer keeps that link too
        await write('cus_second', 'u_owner', 0);
        expect(await store.customerForUser('u_owner')).toMatchObject({ customerId: 'cus_link' });
        // Stripe agrees again: the conflict clears
        await write('cus_link', 'u_owner', 1);
        expect((await store.linkConflicts()).filter((c) => c.customerId === 'cus_link')).toEqual(
          [],
        );
      },
    );

    // regression (issue 14 #4): one failing member of a batched tollgate_record failed them all
    it_('one bad member of a batched record never fails the others', async (t) => {
      const store = createStore(t.db, t.schema);
      const good = (id: string) =>
        store.record({ events: [{ ...claim(id, 'done'), customerId: null }] });
      // An event without a type violates NOT NULL: only its own caller may see that.
      const bad = store.record({ events: [{ ...claim('evt_iso_bad'), type: null as never }] });
      const results = await Promise.allSettled([
        good('evt_iso_1'),
        bad,
        good('evt_iso_2'),
        good('evt_iso_3'),
        store.record({
          write: {
            customerId: 'cus_iso',
            snapshot: snapshot('cus_iso', 'x'),
            expected: 0,
            userId: 'u_iso',
          },
          events: [{ ...claim('evt_iso_4', 'done'), customerId: 'cus_iso' }],
        }),
      ]);
      expect(results.map((r) => r.status)).toEqual([
        'fulfilled',
        'rejected',
        'fulfilled',
        'fulfilled',
        'fulfilled',
      ]);
      expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/not-null|null value/);
      for (const id of ['evt_iso_1', 'evt_iso_2', 'evt_iso_3', 'evt_iso_4']) {
        expect(await store.event(id)).toMatchObject({ status: 'done' });
      }
      expect(await store.event('evt_iso_bad')).toBeNull();
      expect(await store.userForCustomer('cus_iso')).toBe('u_iso');
    });
  });
}
