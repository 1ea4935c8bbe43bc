/**
 * `tollgate serve` from the packed server package, installed by npm into a fresh folder and
 * started with a config file against the emulator, the way SERVICE.md tells an app in another
 * language to run it: health, a signed-header /status, a refusal, and a graceful stop.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture } from './support/install';
import { type Started, start, stopAll, waitUntilServing } from './support/processes';
import { type AppStack, bin, pushCatalog, startAppStack } from './support/stack';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const SECRET = crypto.randomBytes(32).toString('hex');
let dir: string;
let stack: AppStack;

beforeAll(() => {
  copyFixture(path.join(FIXTURES, 'plans.mjs'), 'plans.mjs');
  dir = copyFixture(path.join(FIXTURES, 'serve'), 'serve');
});
afterAll(async () => {
  await stopAll();
  await stack?.close();
});

const b64url = (raw: Buffer | string) => Buffer.from(raw).toString('base64url');

/** The `Tollgate-User` header as SERVICE.md specifies it, signed by hand as another language would. */
function userHeader(id: string, secret = SECRET): string {
  const payload = b64url(
    JSON.stringify({
      id,
      email: `${id}@example.test`,
      name: id,
      iat: Math.floor(Date.now() / 1000),
      nonce: crypto.randomBytes(12).toString('base64url'),
    }),
  );
  const signature = b64url(crypto.createHmac('sha256', secret).update(payload).digest());
  return `${payload}.${signature}`;
}

/** Resolves with the exit code (or signal) once `app` has exited. */
const exited = (app: Started) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (app.child.exitCode !== null || app.child.signalCode !== null) {
      resolve({ code: app.child.exitCode, signal: app.child.signalCode });
    } else app.child.once('exit', (code, signal) => resolve({ code, signal }));
  });

describe('tollgate serve from the packed package', { timeout: 240_000 }, () => {
  it('serves /health and a signed-header /status from a config file, then stops on SIGTERM with exit 0', async () => {
    stack = await startAppStack();
    // The service's environment, for `catalog push` too (it loads the same config file).
    stack.env.TOLLGATE_USER_SECRET = SECRET;
    await pushCatalog(stack, dir, 'tollgate.config.mjs');
    const app = start(bin('tollgate'), ['serve', '--config', 'tollgate.config.mjs'], {
      cwd: dir,
      env: stack.env,
    });
    try {
      await waitUntilServing(`${stack.appUrl}/health`, app);

      const health = await fetch(`${stack.appUrl}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', prices: 2 });

      const status = await fetch(`${stack.appUrl}/api/billing/status`, {
        headers: { 'tollgate-user': userHeader('serve-ada'), 'x-request-id': 'consumer-1' },
      });
      expect(status.status).toBe(200);
      expect(status.headers.get('x-request-id')).toBe('consumer-1');
      expect(await status.json()).toMatchObject({ plan: 'free', status: 'none', access: 'full' });

      const forged = await fetch(`${stack.appUrl}/api/billing/status`, {
        headers: { 'tollgate-user': userHeader('serve-ada', 'not-the-secret') },
      });
      expect(forged.status).toBe(401);
      expect(await forged.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });

      // No store configured: the embedded PGlite was created in the working folder.
      expect(fs.existsSync(path.join(dir, '.tollgate/pglite/PG_VERSION'))).toBe(true);

      process.kill(app.child.pid!, 'SIGTERM');
      expect(await exited(app)).toEqual({ code: 0, signal: null });
    } catch (error) {
      throw new Error(
        `${(error as Error).message}\n--- tollgate serve output ---\n${app.output()}`,
      );
    } finally {
      await app.stop();
    }
    const lines = app
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: 'listening', url: expect.any(String) }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({
        requestId: 'consumer-1',
        path: '/api/billing/status',
        status: 200,
      }),
    );
    expect(app.output()).not.toContain(SECRET);
    expect(app.output()).not.toContain(stack.env.STRIPE_SECRET_KEY);
  });
});
