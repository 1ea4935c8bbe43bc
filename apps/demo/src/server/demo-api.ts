import { BillingError } from '@tollgate/core';
import { Hono } from 'hono';
import type { DemoStore } from './demo-store';
import type { DevControls } from './dev-controls';
import type { DemoUser, Sessions } from './users';

/** What the demo API needs from the rest of the demo. */
export interface DemoApiDeps {
  mode: 'emulator' | 'stripe';
  /** stripe.js key for 3D Secure against real Stripe (`STRIPE_PUBLISHABLE_KEY`). */
  publishableKey?: string;
  /** Who is signed in; its `users` are the accounts the sign-in picker offers. */
  sessions: Sessions;
  /**
   * Starts the demo over (store, emulator, clocks, sessions), or null where it cannot (real
   * Stripe, your own PostgreSQL). Resolves once the new state is up.
   */
  reset: (() => Promise<void>) | null;
  store: DemoStore;
  dev: DevControls;
  /** Reports metered usage (one API call) for the user to Stripe through Tollgate. */
  reportApiCall(user: DemoUser, identifier: string): Promise<void>;
  /** The user's entitlements as Tollgate derives them (for server-side limit checks). */
  entitlements(user: DemoUser): Promise<Record<string, boolean | number>>;
}

const error = (code: string, message: string) => ({ error: { code, message } });

/**
 * `/api/demo/*`: the demo's sign-in picker, the gated feature's usage, the outbox and the
 * developer panel. Billing itself lives under `/api/billing` (Tollgate's handler).
 */
export function createDemoApi(deps: DemoApiDeps): Hono {
  const api = new Hono().basePath('/api/demo');
  const { sessions } = deps;
  const session = (user: DemoUser | null) => ({
    user,
    users: sessions.users,
    mode: deps.mode,
    ...(deps.publishableKey ? { publishableKey: deps.publishableKey } : {}),
  });

  api.get('/session', (c) => c.json(session(sessions.userOf(c.req.raw))));
  api.post('/session', async (c) => {
    const body = (await c.req.json().catch(() => null)) as { userId?: unknown } | null;
    const user = sessions.users.find((u) => u.id === body?.userId);
    if (!user) {
      return c.json(
        error(
          'UNKNOWN_USER',
          `No demo user "${String(body?.userId)}" — use one of: ${sessions.users.map((u) => u.id).join(', ')}.`,
        ),
        400,
      );
    }
    c.header('set-cookie', sessions.cookie(user));
    return c.json(session(user));
  });
  api.delete('/session', (c) => {
    c.header('set-cookie', sessions.cookie(null));
    return c.json(session(null));
  });

  // Everything below needs a signed-in user.
  const signedIn = new Hono<{ Variables: { user: DemoUser } }>();
  for (const path of ['/usage', '/usage/*', '/outbox', '/dev', '/dev/*']) {
    signedIn.use(path, async (c, next) => {
      const user = sessions.userOf(c.req.raw);
      if (!user) {
        return c.json(error('UNAUTHENTICATED', 'Sign in first (POST /api/demo/session).'), 401);
      }
      c.set('user', user);
      await next();
    });
  }

  signedIn.get('/usage', async (c) => c.json(await deps.store.usage(c.get('user').id)));
  signedIn.post('/usage/projects', async (c) => {
    const user = c.get('user');
    const [usage, entitlements] = await Promise.all([
      deps.store.usage(user.id),
      deps.entitlements(user),
    ]);
    const limit = typeof entitlements.projects === 'number' ? entitlements.projects : 0;
    if (limit !== -1 && usage.projects >= limit) {
      return c.json(
        error('LIMIT_REACHED', `Your plan allows ${limit} project(s) — upgrade for more.`),
        403,
      );
    }
    return c.json(await deps.store.count(user.id, 'projects', 1));
  });
  signedIn.post('/usage/api-calls', async (c) => {
    const user = c.get('user');
    const entitlements = await deps.entitlements(user);
    if (entitlements.api_access !== true) {
      return c.json(error('NOT_ENTITLED', 'API access needs the Starter plan or higher.'), 403);
    }
    await deps.reportApiCall(user, `demo_${user.id}_${crypto.randomUUID()}`);
    return c.json(await deps.store.count(user.id, 'apiCalls', 1));
  });

  signedIn.get('/outbox', async (c) =>
    c.json({ emails: await deps.store.outbox(c.get('user').id) }),
  );

  const devInfo = async (user: DemoUser) => ({
    ...(await deps.dev.info(user)),
    canReset: deps.reset !== null,
  });
  signedIn.get('/dev', async (c) => c.json(await devInfo(c.get('user'))));
  signedIn.post('/dev/reset', async (c) => {
    if (!deps.reset) {
      return c.json(
        error(
          'RESET_UNAVAILABLE',
          'Reset works in the offline demo only (emulator + PGlite): against real Stripe or your own PostgreSQL, nothing is deleted.',
        ),
        409,
      );
    }
    await deps.reset();
    // Every session ended with the old state; this browser is told at once.
    c.header('set-cookie', sessions.cookie(null));
    return c.json({ message: 'The demo starts over: sign in again.' });
  });
  signedIn.post('/dev/:action', async (c) => {
    const result = await deps.dev.run(c.req.param('action'), c.get('user'));
    return result.ok
      ? c.json({ ...(await devInfo(c.get('user'))), message: result.message })
      : c.json(error(result.code, result.message), result.status);
  });

  api.route('/', signedIn);
  api.onError((err, c) => {
    if (err instanceof BillingError) return c.json(err.toBody(), err.status as 400);
    const stripeError = err as { type?: string; message?: string; statusCode?: number };
    if (stripeError.type?.startsWith('Stripe')) {
      return c.json(
        error('STRIPE_ERROR', stripeError.message ?? 'Stripe refused the request.'),
        502,
      );
    }
    console.error('demo API:', err);
    return c.json(error('INTERNAL_ERROR', 'The demo server failed — see its console.'), 500);
  });
  api.notFound((c) =>
    c.json(error('NOT_FOUND', `No demo route ${c.req.method} ${c.req.path}.`), 404),
  );
  return api;
}
