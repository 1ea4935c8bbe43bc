/**
 * Next.js App Router: one catch-all route file serves every billing route. Route handlers get
 * the Web `Request` as is, so the webhook's raw body is intact.
 */
import { toNextHandler } from '@tollgate/server/next';
import { getBilling } from '../../../../lib/billing';

export const { GET, POST } = toNextHandler((req) => getBilling().handler(req));

/** Billing state is per user and per request: never cache or prerender these routes. */
export const dynamic = 'force-dynamic';
/** `pg` needs Node; use the edge runtime only with an HTTP driver such as Neon's. */
export const runtime = 'nodejs';
