import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDemo, startDemo } from './demo';

/** `TOLLGATE_DEMO_APP=dev`: the app through Vite's dev middleware, with hot reload. */
describe('the demo server in dev mode', { timeout: 60_000 }, () => {
  let dataDir: string;
  let demo: RunningDemo;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'tollgate-demo-dev-'));
    demo = await startDemo({ dataDir, app: 'dev' });
  }, 120_000);
  afterAll(async () => {
    await demo?.close();
    // Vite's dependency optimizer may still be writing its cache folder just after close.
    await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  });

  it('serves index.html with the Vite client and transforms the app entry on request', async () => {
    const page = await fetch(`${demo.url}/projects`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/@vite/client');
    expect(html).toContain('/src/app/main.tsx');
    const entry = await fetch(`${demo.url}/src/app/main.tsx`);
    expect(entry.status).toBe(200);
    expect(await entry.text()).toContain('createRoot');
  });

  it('still routes the APIs before Vite', async () => {
    const session = await fetch(`${demo.url}/api/demo/session`);
    expect(await session.json()).toMatchObject({ user: null, mode: 'emulator' });
    expect((await fetch(`${demo.url}/api/billing/status`)).status).toBe(401);
  });
});
