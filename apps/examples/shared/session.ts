import type { BillingUser } from '@tollgate/server';

/**
 * Stand-in for your auth: reads the user from an `x-user-id` header. In a real app this is your
 * session lookup (cookie, JWT, …) — Tollgate only ever takes the user id from here.
 */
export function userFromHeader(req: Request): BillingUser | null {
  const id = req.headers.get('x-user-id');
  return id ? { id, email: `${id}@example.com` } : null;
}
