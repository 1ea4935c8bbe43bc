/**
 * Cloudflare Workers: Stripe's fetch HTTP client instead of node:http, and WebCrypto for webhook
 * signatures (Tollgate's verifier uses `crypto.subtle` with a cached key on every runtime). The
 * store must be reachable over the network from the edge: Hyperdrive + `pg`, or Neon's driver.
 */
import { type Billing, createBilling, type Queryable } from '@tollgate/server';
import Stripe from 'stripe';
import { plans } from '../shared/plans';
import { userFromHeader } from '../shared/session';

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

/**
 * The Worker, given how to reach the store. Billing is built once per isolate and reused across
 * requests (the Stripe client and the webhook key cache live with it).
 */
export function createWorker<E extends Env>(openStore: (env: E) => Queryable) {
  let billing: Billing | undefined;
  return {
    fetch(req: Request, env: E): Promise<Response> {
      billing ??= createBilling({
        stripe: workerStripe(env),
        webhookSecret: env.STRIPE_WEBHOOK_SECRET,
        store: openStore(env),
        appUrl: env.APP_URL,
        catalog: plans,
        getUser: userFromHeader,
      });
      const { pathname } = new URL(req.url);
      if (!pathname.startsWith('/api/billing')) {
        return Promise.resolve(new Response('Not found', { status: 404 }));
      }
      return billing.handler(req);
    },
  };
}
