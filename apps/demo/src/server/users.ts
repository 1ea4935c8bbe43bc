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

/** The demo user a cookie header names, or `null` when signed out or unknown. */
export function userFromCookie(
  cookieHeader: string | null | undefined,
  users: readonly DemoUser[] = DEMO_USERS,
): DemoUser | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name !== SESSION_COOKIE) continue;
    const id = decodeURIComponent(rest.join('='));
    return users.find((user) => user.id === id) ?? null;
  }
  return null;
}

/** The demo user of a Fetch request. */
export const userOfRequest = (
  req: Request,
  users: readonly DemoUser[] = DEMO_USERS,
): DemoUser | null => userFromCookie(req.headers.get('cookie'), users);

/** A `Set-Cookie` value signing `user` in (or out, with `null`). */
export function sessionCookie(user: DemoUser | null): string {
  const base = `${SESSION_COOKIE}=${user ? encodeURIComponent(user.id) : ''}; Path=/; HttpOnly; SameSite=Lax`;
  return user ? base : `${base}; Max-Age=0`;
}
