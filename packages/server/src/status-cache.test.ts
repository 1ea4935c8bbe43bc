import { deriveBillingState } from '@tollgate/core';
import { demoCatalog } from '@tollgate/core/fixtures';
import { describe, expect, it } from 'vitest';
import { createStatusCache, type StatusEntry } from './status-cache';
import type { NoticeHandlers, NoticeState } from './store/notices';

/**
 * The cache against a listener whose proofs of life the test gives by hand (`confirm`), on a
 * hand-moved monotonic clock: what a silent connection does to what is served.
 */
function setup(maxStaleMs: number) {
  let clock = 0;
  let state: NoticeState = 'listening';
  let confirmed = 0;
  let reads = 0;
  let handlers: NoticeHandlers | null = null;
  const status = deriveBillingState(null, { catalog: demoCatalog, now: new Date(0) });
  const cache = createStatusCache({
    max: 10,
    maxStaleMs,
    monotonic: () => clock,
    now: () => 0,
    onProblem: () => {},
    load: async (): Promise<StatusEntry> => {
      reads++;
      return { status, body: JSON.stringify(status), customerId: 'cus_1', expiresAt: Infinity };
    },
    listen: (given) => {
      handlers = given;
      return {
        state: () => state,
        confirmedAt: () => confirmed,
        close: async () => {},
      };
    },
  });
  return {
    cache,
    reads: () => reads,
    advance: (ms: number) => {
      clock += ms;
    },
    confirm: () => {
      confirmed = clock;
    },
    lose: () => {
      state = 'down';
    },
    listenAgain: () => {
      state = 'listening';
      confirmed = clock;
      handlers!.onListening();
    },
    notice: (payload: string) => handlers!.onNotice(payload),
  };
}

describe('status cache', () => {
  it('serves kept entries only while the listener proved itself within maxStaleMs', async () => {
    const s = setup(2_000);
    await s.cache.get('u1');
    await s.cache.get('u1');
    expect(s.reads()).toBe(1);
    // No proof of life for maxStaleMs (a silent connection): every read goes to the store.
    s.advance(2_000);
    await s.cache.get('u1');
    await s.cache.get('u1');
    expect(s.reads()).toBe(3);
    s.confirm();
    await s.cache.get('u1');
    expect(s.reads()).toBe(3);
  });

  it('serves nothing while down, and starts empty when listening again', async () => {
    const s = setup(2_000);
    await s.cache.get('u1');
    s.lose();
    await s.cache.get('u1');
    expect(s.reads()).toBe(2);
    s.listenAgain();
    expect(s.cache.stats().entries).toBe(0);
    await s.cache.get('u1');
    await s.cache.get('u1');
    expect(s.reads()).toBe(3);
  });

  it('drops a user on its own notice, its customer’s, or everything on "*"', async () => {
    const s = setup(2_000);
    await s.cache.get('u1');
    s.notice('c:cus_1');
    await s.cache.get('u1');
    s.notice('u:u1');
    await s.cache.get('u1');
    s.notice('*');
    await s.cache.get('u1');
    expect(s.reads()).toBe(4);
    s.notice('u:someone-else');
    await s.cache.get('u1');
    expect(s.reads()).toBe(4);
  });

  it('answers a read that a notice for its user or customer overtook, but does not keep it', async () => {
    const s = setup(2_000);
    const overtaken = s.cache.get('u1');
    s.notice('c:cus_1');
    await overtaken;
    await s.cache.get('u1');
    expect(s.reads()).toBe(2);
    // A notice about someone else while the read runs: what it read is kept.
    s.notice('u:u1');
    const other = s.cache.get('u1');
    s.notice('c:cus_other');
    await other;
    await s.cache.get('u1');
    expect(s.reads()).toBe(3);
  });
});
