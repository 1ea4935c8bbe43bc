/**
 * Tollgate beside a Django app, as a Django team would run it: the Stripe emulator, `tollgate
 * serve` (a child process, from the example's tollgate.config.ts) and `manage.py runserver`
 * (Debian's python3-django), driven in Chromium: subscribe → the gated view opens → cancel → at
 * the period's end the gated view closes; the notifier callbacks reach Django on the way.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pushCatalog } from '@tollgate/server';
import { createStripeClient, type Emulator, startEmulator } from '@tollgate/stripe-emulator';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCallback } from '../../packages/server/src/service/callbacks/sign';
import { testPostgresUrl } from '../database';
import { launchBrowser, openPage } from './support/browser';
import { CARDS, payCheckout } from './support/flows';
import { answering, type Child, freePort, relay, run, start } from './support/processes';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DJANGO = path.join(ROOT, 'apps/examples/django');
const PYTHON = process.env.DJANGO_PYTHON ?? '/usr/bin/python3';
const PASSWORD = 'correct horse battery staple';

/** Newest modification time under `dir` (0 when it is missing). */
async function newest(dir: string): Promise<number> {
  const info = await stat(dir).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const times = await Promise.all((await readdir(dir)).map((name) => newest(path.join(dir, name))));
  return Math.max(info.mtimeMs, ...times);
}

/** The example's React bundle (`pnpm example:django:assets`), rebuilt only when a source changed. */
async function ensureAssets(): Promise<void> {
  const built = await newest(path.join(DJANGO, 'shop/static/shop/billing.js'));
  const sources = Math.max(
    ...(await Promise.all(
      ['apps/examples/django/frontend', 'packages/react/src', 'packages/core/src'].map((dir) =>
        newest(path.join(ROOT, dir)),
      ),
    )),
  );
  if (built > sources) return;
  // What `pnpm example:django:assets` runs, as a production build (the tests run with NODE_ENV=test).
  await run(
    path.join(ROOT, 'node_modules/.bin/vite'),
    ['build', '-c', path.join(DJANGO, 'frontend/vite.config.ts')],
    { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production' } },
  );
}

let dir: string;
let emulator: Emulator;
let service: Child;
let django: Child;
let browser: Browser;
let djangoUrl: string;
let schema: string | null = null;
let relays: { close(): Promise<void> }[] = [];
/** Takes the service off the network (its relay stops listening); the process keeps running. */
let takeServiceDown: () => Promise<void>;

beforeAll(async () => {
  await run(PYTHON, ['-c', 'import django'], { cwd: ROOT, env: process.env }).catch(() => {
    throw new Error(
      `Django is not installed for ${PYTHON} — apt-get install -y python3-django (.ci/run does this).`,
    );
  });
  dir = await mkdtemp(path.join(tmpdir(), 'tollgate-django-'));
  // Django and the service each need the other's URL at start: both are reached through relays
  // bound up front, so no port is picked and freed (another process could take it meanwhile).
  const [djangoRelay, serviceRelay] = await Promise.all([relay(), relay()]);
  relays = [djangoRelay, serviceRelay];
  takeServiceDown = async () => {
    relays = [djangoRelay];
    await serviceRelay.close();
  };
  djangoUrl = djangoRelay.url;
  const secrets = {
    TOLLGATE_USER_SECRET: randomBytes(32).toString('hex'),
    TOLLGATE_CALLBACK_SECRET: randomBytes(32).toString('hex'),
    DJANGO_URL: djangoUrl,
  };
  const djangoEnv = {
    ...process.env,
    ...secrets,
    TOLLGATE_URL: serviceRelay.url,
    DJANGO_DB: path.join(dir, 'db.sqlite3'),
    DJANGO_EMAIL_BACKEND: 'django.core.mail.backends.locmem.EmailBackend',
    PYTHONDONTWRITEBYTECODE: '1',
  };
  const manage = (...args: string[]) =>
    run(PYTHON, ['manage.py', ...args], { cwd: DJANGO, env: djangoEnv });

  const djangoReady = (async () => {
    await manage('migrate', '--verbosity', '0');
    await manage(
      'shell',
      '-c',
      `from django.contrib.auth.models import User; User.objects.create_user('ada', 'ada@example.com', '${PASSWORD}', first_name='Ada')`,
    );
    // runserver needs a port of its own: a port taken in the meantime means another try.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const child = await start(
        PYTHON,
        ['manage.py', 'runserver', '--noreload', `127.0.0.1:${port}`],
        {
          cwd: DJANGO,
          env: djangoEnv,
          ready: /Quit the server with/,
        },
      );
      if (await answering(`http://127.0.0.1:${port}/accounts/login/`, child)) {
        djangoRelay.to(`http://127.0.0.1:${port}`);
        return child;
      }
      await child.stop(0);
      if (attempt === 3) throw new Error(`runserver did not come up:\n${child.output()}`);
    }
  })();
  const [emu] = await Promise.all([
    startEmulator({ webhooks: [{ url: `${serviceRelay.url}/api/billing/webhook` }] }),
    ensureAssets(),
  ]);
  emulator = emu;
  Object.assign(process.env, secrets);
  const config = (await import('../../apps/examples/django/tollgate.config')).default;
  await pushCatalog(createStripeClient(emulator), config.catalog);

  const postgres = testPostgresUrl();
  if (postgres) schema = `django_e2e_${process.pid}_${Date.now().toString(36)}`;
  // Node itself, not the tsx CLI: the CLI is a second process that relays SIGTERM, and under
  // load it could end with the signal (143) before the service's own graceful exit code arrived.
  const serviceStart = start(
    process.execPath,
    [
      '--import',
      path.join(ROOT, 'node_modules/tsx/dist/loader.mjs'),
      '--import',
      path.join(ROOT, 'tools/sql-text.mjs'),
      path.join(ROOT, 'packages/server/src/cli/index.ts'),
      'serve',
      '--config',
      path.join(DJANGO, 'tollgate.config.ts'),
      '--port',
      '0',
      ...(schema ? ['--schema', schema] : []),
    ],
    {
      // PGlite (without TEST_DATABASE_URL) keeps its data in the temp folder.
      cwd: dir,
      env: {
        ...process.env,
        ...secrets,
        TSX_TSCONFIG_PATH: path.join(ROOT, 'tsconfig.json'),
        STRIPE_SECRET_KEY: emulator.secretKey,
        STRIPE_API_BASE: emulator.url,
        STRIPE_WEBHOOK_SECRET: emulator.webhookSecret,
        DATABASE_URL: postgres ?? undefined,
      },
      ready: /"msg":"listening","url":"[^"]+"/,
      timeoutMs: 90_000,
    },
  ).then((child) => {
    serviceRelay.to(/"msg":"listening","url":"([^"]+)"/.exec(child.output())![1]!);
    return child;
  });
  [service, django, browser] = await Promise.all([serviceStart, djangoReady, launchBrowser()]);
}, 180_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  const serviceExit = await service?.stop();
  await django?.stop();
  await emulator?.close();
  for (const r of relays) await r.close();
  if (schema) {
    const client = new pg.Client({ connectionString: testPostgresUrl()! });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
  await rm(dir, { recursive: true, force: true });
  // SIGTERM is a graceful shutdown: the service exits 0.
  expect(serviceExit).toBe(0);
});

/** A new browser page signed in to Django as `username`, on the billing page. */
async function signedIn(username: string) {
  const opened = await openPage(browser, djangoUrl);
  await opened.page.goto('/');
  await opened.page.getByLabel('Username').fill(username);
  await opened.page.getByLabel('Password').fill(PASSWORD);
  await opened.page.getByRole('button', { name: 'Sign in' }).click();
  await opened.page.waitForURL(`${djangoUrl}/`);
  return opened;
}

/** Opens `path` and answers its HTTP status. */
async function visit(page: Page, to: string): Promise<number> {
  return (await page.goto(to))?.status() ?? 0;
}

/** Reloads the billing page until Django lists a callback of `type`. */
async function waitForNotice(page: Page, type: string): Promise<void> {
  await expect
    .poll(
      async () => {
        await page.goto('/');
        return page.locator(`[data-notice="${type}"]`).count();
      },
      { timeout: 20_000, interval: 250 },
    )
    .toBe(1);
}

describe('Django with tollgate serve', () => {
  it('refuses a forged callback, and keeps a repeated one once', async () => {
    const body = JSON.stringify({
      id: 'tollgate:evt_forged:checkout_completed',
      type: 'checkout_completed',
      data: { userId: '1', status: { plan: 'pro', status: 'active' } },
    });
    const forged = await fetch(`${djangoUrl}/billing/callbacks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'tollgate-signature': signCallback(body, 'f'.repeat(64), Math.floor(Date.now() / 1000)),
      },
      body,
    });
    expect(forged.status).toBe(400);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe(
      'INVALID_SIGNATURE',
    );
    const stale = await fetch(`${djangoUrl}/billing/callbacks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'tollgate-signature': signCallback(body, process.env.TOLLGATE_CALLBACK_SECRET!, 1),
      },
      body,
    });
    expect(stale.status).toBe(400);
    // A real one, delivered twice (a retry after a lost answer, then a replay with another
    // unsigned Idempotency-Key header): both 2xx, kept once by the signed id (seen below).
    const real = JSON.stringify({
      id: 'tollgate:evt_twice:trial_ending',
      type: 'trial_ending',
      data: { userId: '1', status: { plan: 'free', status: 'none' } },
    });
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${djangoUrl}/billing/callbacks`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': i === 0 ? 'tollgate:evt_twice:trial_ending' : 'replayed-key',
          'tollgate-signature': signCallback(
            real,
            process.env.TOLLGATE_CALLBACK_SECRET!,
            Math.floor(Date.now() / 1000),
          ),
        },
        body: real,
      });
      expect(res.status).toBe(204);
    }
  });

  it('proxies /api/billing/* only: a ".." does not reach the service\'s other paths', async () => {
    for (const outside of ['..%2F..%2Fhealth', '..%2F..%2Fopenapi.json']) {
      const res = await fetch(`${djangoUrl}/api/billing/${outside}`);
      expect(res.status, outside).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    }
    const plans = await fetch(`${djangoUrl}/api/billing/plans`);
    expect(plans.status).toBe(200);
  });

  it('subscribe → the gated view opens → cancel → at the period end it closes', async () => {
    const { page, context } = await signedIn('ada');
    expect(await page.locator('[data-notice="trial_ending"]').count()).toBe(1);

    // Free plan: Django's own view is refused by the entitlement check.
    expect(await visit(page, '/reports/')).toBe(403);
    await page.getByTestId('upgrade').waitFor();

    // The React components, through Django's proxy, start a hosted checkout.
    await page.goto('/');
    await page.locator('[data-testid="subscription"][data-plan="free"]').waitFor();
    await page.locator('li[data-plan="pro"]').getByRole('button').click();
    await page.waitForURL(/\/checkout\/cs_/);
    await payCheckout(page, CARDS.visa);
    await page.waitForURL(new RegExp(`^${djangoUrl}/`));
    await page
      .locator('[data-testid="subscription"][data-plan="pro"][data-status="active"]')
      .waitFor();

    expect(await visit(page, '/reports/')).toBe(200);
    await page.getByTestId('reports').waitFor();
    await waitForNotice(page, 'checkout_completed');

    // Cancel: as in Stripe, it runs to the end of the paid period.
    await page.getByRole('button', { name: 'Cancel subscription' }).click();
    await page
      .locator('[data-testid="subscription"][data-plan="pro"][data-status="active"]', {
        hasText: 'ends',
      })
      .waitFor();
    expect(await visit(page, '/reports/')).toBe(200);

    // The period ends: Stripe deletes the subscription, the webhook reaches the service.
    emulator.clock.advance(32 * 86_400);
    await emulator.idle();
    await expect.poll(() => visit(page, '/reports/'), { timeout: 20_000 }).toBe(403);
    await page.getByTestId('upgrade').waitFor();
    await waitForNotice(page, 'subscription_canceled');
    await context.close();
  });

  // Last: it takes the service away.
  it('fails closed while the service cannot answer: the gated view is a 503 page, the proxy a 503 error', async () => {
    await takeServiceDown();
    const { page, context } = await signedIn('ada');
    expect(await visit(page, '/reports/')).toBe(503);
    await page.getByTestId('unavailable').waitFor();
    await context.close();
    const res = await fetch(`${djangoUrl}/api/billing/plans`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: { code: 'SERVICE_UNAVAILABLE', message: expect.stringMatching(/Try again/) },
    });
  });
});
