/**
 * The checks every example's test runs against its mount, end to end over HTTP: the catalog
 * with live prices, auth, a hosted checkout paid with 4242 whose webhook reaches the mount and
 * shows up in `/status`, and a forged webhook refused.
 */

import type { PGlite } from '@electric-sql/pglite';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LateServer, listenLate } from '../../../test/listen-late.ts';
import {
  type ExampleStack,
  listenerFor,
  type Mount,
  payHostedCheckout,
  startExampleStack,
  waitFor,
} from './test-stack.ts';

/** What an example's mount is built from. */
export interface MountEnv {
  stripe: Stripe;
  store: PGlite;
  webhookSecret: string;
  appUrl: string;
  /** The emulator's base URL (for examples that build their own Stripe client). */
  stripeApiBase: string;
  secretKey: string;
}

/**
 * One emulator and one PGlite for every example in the file (PGlite takes seconds to start);
 * each example gets its own server and webhook endpoint, disabled when its checks are done.
 */
export function sharedStack(): () => ExampleStack {
  let stack: ExampleStack | undefined;
  beforeAll(async () => {
    stack = await startExampleStack();
  }, 90_000);
  afterAll(async () => {
    await stack?.close();
  });
  return () => {
    if (!stack) throw new Error('the example stack did not start');
    return stack;
  };
}

/** Runs the shared checks against the mount `build` returns. */
export function describeMount(
  name: string,
  getStack: () => ExampleStack,
  build: (env: MountEnv) => Mount | Promise<Mount>,
): void {
  describe(`${name} example`, { timeout: 30_000 }, () => {
    let stack: ExampleStack;
    let server: LateServer;
    let endpointId: string | undefined;

    beforeAll(async () => {
      stack = getStack();
      server = await listenLate();
      const endpoint = await stack.addWebhookEndpoint(`${server.url}/api/billing/webhook`);
      endpointId = endpoint.id;
      server.serve(
        listenerFor(
          await build({
            stripe: stack.stripe,
            store: stack.store,
            webhookSecret: endpoint.secret,
            appUrl: server.url,
            stripeApiBase: stack.emulator.url,
            secretKey: stack.emulator.secretKey,
          }),
        ),
      );
    }, 30_000);
    afterAll(async () => {
      // Later examples must not receive this one's events.
      if (endpointId) await stack.stripe.webhookEndpoints.update(endpointId, { disabled: true });
      await stack.emulator.idle();
      await server?.close();
    });

    const call = (path: string, init: { user?: string; body?: unknown } = {}) =>
      fetch(`${server.url}/api/billing${path}`, {
        method: init.body === undefined ? 'GET' : 'POST',
        headers: {
          origin: server.url,
          ...(init.user ? { 'x-user-id': init.user } : {}),
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });

    it('serves the catalog with the live prices pushed to Stripe', async () => {
      const response = await call('/plans');
      expect(response.status).toBe(200);
      const body = (await response.json()) as { plans: { key: string; prices: unknown[] }[] };
      expect(body.plans.map((plan) => plan.key)).toEqual(['free', 'pro']);
      expect(body.plans[1]!.prices).toEqual(
        expect.arrayContaining([
          { interval: 'month', amount: 2000, currency: 'usd' },
          { interval: 'year', amount: 20000, currency: 'usd' },
        ]),
      );
    });

    it('answers 401 with the error contract when nobody is signed in', async () => {
      const response = await call('/status');
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    });

    it('subscribes through hosted checkout; the webhook reaches the mount and /status turns active', async () => {
      const user = `user_${name.toLowerCase().replace(/\W+/g, '_')}`;
      const before = await (await call('/status', { user })).json();
      expect(before).toMatchObject({ plan: 'free', status: 'none' });

      const checkout = await call('/checkout', { user, body: { plan: 'pro', interval: 'month' } });
      expect(checkout.status).toBe(200);
      const { url } = (await checkout.json()) as { url: string };
      expect(url.startsWith(stack.emulator.url)).toBe(true);

      const returnTo = await payHostedCheckout(url);
      expect(returnTo.startsWith(server.url)).toBe(true);

      const status = await waitFor(async () => {
        const body = (await (await call('/status', { user })).json()) as { status: string };
        return body.status === 'active' ? body : undefined;
      }, 'the subscription to show as active');
      expect(status).toMatchObject({ plan: 'pro', interval: 'month', access: 'full' });
    }, 30_000);

    it('refuses a webhook without a valid Stripe signature', async () => {
      const response = await fetch(`${server.url}/api/billing/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=forged' },
        body: JSON.stringify({ id: 'evt_forged', type: 'customer.subscription.deleted' }),
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        error: { code: expect.stringMatching(/SIGNATURE/) },
      });
    });
  });
}
