/**
 * A Next.js App Router app on the packed packages: `next build`, the billing page rendered on
 * the server with `initialStatus`, and a return from hosted checkout that hydrates without a
 * mismatch (React #418) before the provider polls the new subscription in.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../chromium';
import { CARDS, payCheckout, waitForPlan } from '../e2e/support/flows';
import { copyFixture } from './support/install';
import { runToEnd, type Started, start, stopAll, waitUntilServing } from './support/processes';
import { type AppStack, bin, pushCatalog, startAppStack } from './support/stack';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
let dir: string;
let stack: AppStack;
let app: Started;
let browser: Browser;

beforeAll(() => {
  copyFixture(path.join(FIXTURES, 'plans.mjs'), 'plans.mjs');
  dir = copyFixture(path.join(FIXTURES, 'next'), 'next');
});
afterAll(async () => {
  await browser?.close();
  await stopAll();
  await stack?.close();
});

describe('Next.js App Router on the packed packages', { timeout: 240_000 }, () => {
  it('next build', async () => {
    const out = await runToEnd(bin('next'), ['build'], {
      cwd: dir,
      env: { NEXT_TELEMETRY_DISABLED: '1' },
      timeoutMs: 240_000,
    });
    expect(out).toMatch(/Compiled successfully|Generating static pages/);
    expect(fs.existsSync(path.join(dir, '.next/BUILD_ID'))).toBe(true);
  });

  it('Next.js 16: hydration error (#418) on every return from Checkout — SSR with initialStatus, then a clean hydration', async () => {
    stack = await startAppStack();
    await pushCatalog(stack, dir, '../plans.mjs');
    app = start(bin('next'), ['start', '-p', String(stack.port), '-H', '127.0.0.1'], {
      cwd: dir,
      env: { ...stack.env, NEXT_TELEMETRY_DISABLED: '1' },
    });
    await waitUntilServing(`${stack.appUrl}/api/billing/plans`, app, 120_000);

    // Server rendering: the page carries the user's status before any client code runs.
    const html = await (await fetch(stack.appUrl, { headers: { cookie: 'user=next-ada' } })).text();
    expect(html).toContain('data-testid="current-plan"');
    expect(html).toContain('data-status="none"');

    browser = await chromium.launch({ ...chromiumLaunchOptions, headless: true });
    const context = await browser.newContext({ baseURL: stack.appUrl });
    await context.addCookies([{ name: 'user', value: 'next-ada', url: stack.appUrl }]);
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      // The fixture has no favicon; anything else logged as an error counts.
      if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) {
        problems.push(message.text());
      }
    });

    await page.goto('/');
    await waitForPlan(page, 'free', 'none');
    await page
      .locator('li[data-plan="pro"]')
      .waitFor()
      .catch(async (error: Error) => {
        throw new Error(
          `${error.message}\nbrowser: ${problems.join('\n')}\npage: ${(await page.content()).slice(0, 3000)}\nserver: ${app.output().slice(-3000)}`,
        );
      });
    await page.locator('li[data-plan="pro"]').getByRole('button').click();
    await page.waitForURL(/\/checkout\/cs_/);
    await payCheckout(page, CARDS.visa);
    await page.waitForURL(/\?checkout=success&session_id=cs_/);
    await waitForPlan(page, 'pro', 'active', 30_000);
    await page.locator('[data-return="complete"]').waitFor();
    expect(problems.filter((p) => /hydrat|418/i.test(p))).toEqual([]);
    expect(problems).toEqual([]);

    // Rendered on the server again: now with the active subscription from the store.
    const after = await (
      await fetch(stack.appUrl, { headers: { cookie: 'user=next-ada' } })
    ).text();
    expect(after).toContain('data-status="active"');
    await context.close();
  });
});
