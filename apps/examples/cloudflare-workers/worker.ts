/**
 * Cloudflare Workers: Stripe's fetch HTTP client instead of node:http, and WebCrypto for webhook
 * signatures (Tollgate's verifier uses `crypto.subtle` with a cached key on every runtime). The
 * store must be reachable over the network from the edge: Hyperdrive + `pg`, or Neon's driver.
 */
import { createBilling, type Queryable } from '@tollgate/server';
import Stripe from 'stripe';
import { plans } from '../shared/plans.ts';
import { userFromHeader } from '../shared/session.ts';

/** The Worker's bindings (`wrangler secret put …`). */
export interface Env {
  STRIPE_SECRET_KEY: string;
  STRIPE_WEBHOOK_SECRET: string;
  APP_URL: string;
  /** Optional: another Stripe API base, e.g. the Tollgate emulator in CI (`http://127.0.0.1:12111`). */
  STRIPE_API_BASE?: string;
}

/** A Stripe client that only uses `fetch` (no node:http on Workers). */
export function workerStripe(env: Env): Stripe {
  const base = env.STRIPE_API_BASE ? new URL(env.STRIPE_API_BASE) : null;
  return new Stripe(env.STRIPE_SECRET_KEY, {
    httpClient: Stripe.createFetchHttpClient(),
    ...(base
      ? {
          host: base.hostname,
          port: Number(base.port || (base.protocol === 'https:' ? 443 : 80)),
          protocol: base.protocol === 'https:' ? 'https' : 'http',
        }
      : {}),
  });
}

/** A store connection for one request, closed when the request is done. */
export interface RequestStore {
  db: Queryable;
  close(): Promise<void>;
}

/**
 * The Worker, given how to open the store. Workers forbid using one request's I/O (a socket, a
 * pooled connection) from another — a pool kept across requests makes workerd report "Worker's
 * code had hung" — so each request gets its own connection (Hyperdrive pools them for you) and
 * its own billing server over it; the Stripe client is kept per isolate.
 */
export function createWorker<E extends Env>(openStore: (env: E) => RequestStore) {
  let stripe: Stripe | undefined;
  return {
    async fetch(
      req: Request,
      env: E,
      ctx?: { waitUntil(promise: Promise<unknown>): void },
    ): Promise<Response> {
      const { pathname } = new URL(req.url);
      if (!pathname.startsWith('/api/billing')) return new Response('Not found', { status: 404 });
      stripe ??= workerStripe(env);
      const store = openStore(env);
      const billing = createBilling({
        stripe,
        webhookSecret: env.STRIPE_WEBHOOK_SECRET,
        store: store.db,
        appUrl: env.APP_URL,
        catalog: plans,
        getUser: userFromHeader,
      });
      try {
        return await billing.handler(req);
      } finally {
        const closing = store.close();
        if (ctx) ctx.waitUntil(closing);
        else await closing;
      }
    },
  };
}
