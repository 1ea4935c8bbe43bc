/**
 * Test support for the examples: a real emulator reached through the official SDK, PGlite with
 * Tollgate's migrations, and a Node server in front of the example's mount so the emulator can
 * deliver signed webhooks to it over HTTP.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { getRequestListener } from '@hono/node-server';
import { migrate, pushCatalog } from '@tollgate/server';
import { createStripeClient, type Emulator, startEmulator } from '@tollgate/stripe-emulator';
import type Stripe from 'stripe';
import type { NodeListener } from '../../../test/listen-late.ts';
import { seedPgliteDir } from '../../demo/src/server/pglite-template.ts';
import { plans } from './plans.ts';

/** A mounted example: a fetch handler, or a Node listener (Express). */
export type Mount =
  | { fetch: (req: Request) => Response | Promise<Response> }
  | { node: NodeListener };

/** The emulator, a Stripe client on it, and a migrated PGlite. */
export interface ExampleStack {
  emulator: Emulator;
  stripe: Stripe;
  store: PGlite;
  /** Registers `url` as a webhook endpoint (as in the dashboard); answers its id and `whsec_` secret. */
  addWebhookEndpoint(url: string): Promise<{ id: string; secret: string }>;
  close(): Promise<void>;
}

/** Starts the emulator and PGlite and pushes the examples' catalog. */
export async function startExampleStack(): Promise<ExampleStack> {
  // A data folder seeded from the demo's cached empty cluster: skips initdb (seconds in WASM).
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tollgate-examples-'));
  await seedPgliteDir(dataDir);
  const [emulator, store] = await Promise.all([startEmulator({ port: 0 }), PGlite.create(dataDir)]);
  const stripe = createStripeClient(emulator);
  await Promise.all([migrate(store), pushCatalog(stripe, plans)]);
  return {
    emulator,
    stripe,
    store,
    async addWebhookEndpoint(url) {
      const endpoint = await stripe.webhookEndpoints.create({ url, enabled_events: ['*'] });
      if (!endpoint.secret) throw new Error('the emulator returned no webhook secret');
      return { id: endpoint.id, secret: endpoint.secret };
    },
    async close() {
      await emulator.close();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The Node listener that serves a mount (a fetch handler goes through @hono/node-server). */
export function listenerFor(mount: Mount): NodeListener {
  return 'node' in mount ? mount.node : getRequestListener((req) => mount.fetch(req));
}

/**
 * Pays a hosted checkout page the way a browser would: submit the form with a test card.
 * Returns where the page redirects (the app's success URL).
 */
export async function payHostedCheckout(
  checkoutUrl: string,
  card = '4242424242424242',
): Promise<string> {
  const response = await fetch(checkoutUrl, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ action: 'pay', card, email: 'buyer@example.com' }),
  });
  const location = response.headers.get('location');
  if (response.status < 300 || response.status >= 400 || !location) {
    throw new Error(
      `the checkout page answered ${response.status} instead of a redirect: ${(await response.text()).slice(0, 300)}`,
    );
  }
  return location;
}

/** Polls `check` until it returns a value (not undefined) or `timeoutMs` passes. */
export async function waitFor<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
}
