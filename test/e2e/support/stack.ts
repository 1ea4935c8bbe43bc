import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type DemoOptions, type RunningDemo, startDemo } from '../../../apps/demo/src/server/demo';
import type { DemoUser } from '../../../apps/demo/src/server/users';
import { launchBrowser, openPage } from './browser';

/** The demo stack (emulator, PGlite, billing, Vite app) and a browser, once per test file. */
export interface E2eStack {
  demo: RunningDemo;
  browser: Browser;
  /** A new account for each test, so tests never share billing state. */
  newUser(label: string): DemoUser;
  /** A fresh browser context signed in as `user`, on `path` (screenshotted if a test fails). */
  signedIn(
    user: DemoUser,
    path?: string,
    options?: { screenshots?: boolean },
  ): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/** Starts the demo in this process on a free port and a temp data folder, plus Chromium. */
export async function startE2eStack(
  userCount = 20,
  options: Pick<DemoOptions, 'dunning'> = {},
): Promise<E2eStack> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tollgate-e2e-'));
  // The picker's accounts are fixed at start: make enough for every test of a file.
  const users: DemoUser[] = Array.from({ length: userCount }, (_, i) => ({
    id: `user_e2e_${i + 1}`,
    name: `E2E User ${i + 1}`,
    email: `e2e-${i + 1}@example.com`,
  }));
  const [demo, browser] = await Promise.all([
    startDemo({ dataDir, users, ...options }),
    launchBrowser(),
  ]);
  let next = 0;
  return {
    demo,
    browser,
    newUser(label) {
      const user = users[next++];
      if (!user) throw new Error('out of e2e users: raise the count in startE2eStack');
      return { ...user, name: `${user.name} (${label})` };
    },
    async signedIn(user, to = '/pricing', options = {}) {
      const opened = await openPage(browser, demo.url, options);
      const response = await opened.context.request.post('/api/demo/session', {
        data: { userId: user.id },
      });
      if (!response.ok())
        throw new Error(`sign-in failed: ${response.status()} ${await response.text()}`);
      await opened.page.goto(to);
      return opened;
    },
    async close() {
      await browser.close().catch(() => undefined);
      await demo.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
