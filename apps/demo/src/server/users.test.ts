import { describe, expect, it } from 'vitest';
import { DEMO_USERS, sessionCookie, userFromCookie } from './users';

describe('demo sessions', () => {
  it('round-trips the signed-in user through the cookie', () => {
    const alice = DEMO_USERS[0]!;
    const cookie = sessionCookie(alice).split(';')[0]!;
    expect(userFromCookie(`other=1; ${cookie}`)).toEqual(alice);
  });

  it('signs out a cookie from before a reset (another session generation)', () => {
    const alice = DEMO_USERS[0]!;
    const before = sessionCookie(alice, 'g1').split(';')[0]!;
    expect(userFromCookie(before, DEMO_USERS, 'g1')).toEqual(alice);
    expect(userFromCookie(before, DEMO_USERS, 'g2')).toBeNull();
    expect(userFromCookie('tollgate_demo_user=user_alice', DEMO_USERS, 'g2')).toBeNull();
  });

  it('treats unknown ids, an empty cookie and sign-out as signed out', () => {
    expect(userFromCookie('tollgate_demo_user=.user_mallory')).toBeNull();
    expect(userFromCookie(undefined)).toBeNull();
    expect(sessionCookie(null)).toMatch(/Max-Age=0/);
    expect(userFromCookie(sessionCookie(null).split(';')[0])).toBeNull();
  });

  it('offers at least two accounts, to show isolation', () => {
    expect(new Set(DEMO_USERS.map((u) => u.id)).size).toBeGreaterThanOrEqual(2);
  });
});
