/**
 * Every example's mount, driven end to end against the Stripe emulator: each one serves the
 * catalog, refuses anonymous callers, completes a hosted checkout whose webhook comes back
 * through the framework, and refuses a forged webhook. One file so PGlite starts once.
 */
import { createBilling } from '@tollgate/server';
import { createApp as createBunDenoApp } from './bun-deno/app.ts';
import { createWorker } from './cloudflare-workers/worker.ts';
import { createApp as createExpressApp } from './express/app.ts';
import { createApp as createHonoApp } from './hono/app.ts';
import { GET, POST } from './nextjs/app/api/billing/[...tollgate]/route.ts';
import { setBilling } from './nextjs/lib/billing.ts';
import { describeMount, sharedStack } from './shared/mount-suite.ts';
import { plans } from './shared/plans.ts';
import { userFromHeader } from './shared/session.ts';

const stack = sharedStack();

describeMount('Hono', stack, (env) => ({ fetch: createHonoApp(env).fetch }));

// The Express app is the Node listener itself: requests go through Express's router and the
// Node adapter, with `express.json()` registered after the billing mount.
describeMount('Express', stack, (env) => ({ node: createExpressApp(env) }));

describeMount('Bun and Deno', stack, (env) => createBunDenoApp(env));

// Next.js calls the route file's exports with the Web Request; the server in front plays Next.
describeMount('Next.js App Router', stack, (env) => {
  setBilling(createBilling({ ...env, catalog: plans, getUser: userFromHeader }));
  return { fetch: (req) => (req.method === 'GET' ? GET(req) : POST(req)) };
});

// The Worker builds its own Stripe client on the fetch HTTP client, pointed at the emulator.
describeMount('Cloudflare Workers', stack, (env) => {
  const worker = createWorker(() => ({ db: env.store, close: async () => {} }));
  const bindings = {
    STRIPE_SECRET_KEY: env.secretKey,
    STRIPE_WEBHOOK_SECRET: env.webhookSecret,
    APP_URL: env.appUrl,
    STRIPE_API_BASE: env.stripeApiBase,
  };
  return { fetch: (req) => worker.fetch(req, bindings) };
});
