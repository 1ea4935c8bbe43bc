/** A demo account. Real apps take this from their own auth; the demo offers a picker. */
export interface DemoUser {
  id: string;
  name: string;
  email: string;
}

/** The accounts the sign-in picker offers: two of them, to show that billing is per user. */
export const DEMO_USERS: readonly DemoUser[] = [
  { id: 'user_alice', name: 'Alice Martin', email: 'alice@example.com' },
  { id: 'user_bob', name: 'Bob Okafor', email: 'bob@example.com' },
  { id: 'user_carol', name: 'Carol Chen', email: 'carol@example.com' },
];

/** The cookie holding the signed-in demo user's id. */
export const SESSION_COOKIE = 'tollgate_demo_user';

/**
 * The demo user a cookie header names, or `null` when signed out, unknown, or signed in before
 * the demo was reset (the cookie carries the session `generation` it was issued in).
 */
export function userFromCookie(
  cookieHeader: string | null | undefined,
  users: readonly DemoUser[] = DEMO_USERS,
  generation = '',
): DemoUser | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name !== SESSION_COOKIE) continue;
    const value = decodeURIComponent(rest.join('='));
    const dot = value.indexOf('.');
    if (value.slice(0, Math.max(dot, 0)) !== generation) return null;
    return users.find((user) => user.id === value.slice(dot + 1)) ?? null;
  }
  return null;
}

/** A `Set-Cookie` value signing `user` in (or out, with `null`) for session `generation`. */
export function sessionCookie(user: DemoUser | null, generation = ''): string {
  const value = user ? encodeURIComponent(`${generation}.${user.id}`) : '';
  const base = `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax`;
  return user ? base : `${base}; Max-Age=0`;
}

/** Who is signed in, for one demo state: resetting the demo starts a new generation. */
export interface Sessions {
  users: readonly DemoUser[];
  /** The signed-in demo user of a Fetch request, or `null`. */
  userOf(req: Request): DemoUser | null;
  /** The `Set-Cookie` value signing `user` in, or out with `null`. */
  cookie(user: DemoUser | null): string;
}

/** Sessions over the picker's `users`, valid in `generation` only. */
export function createSessions(users: readonly DemoUser[], generation: string): Sessions {
  return {
    users,
    userOf: (req) => userFromCookie(req.headers.get('cookie'), users, generation),
    cookie: (user) => sessionCookie(user, generation),
  };
}
