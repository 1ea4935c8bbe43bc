/**
 * A Vite + React single-page app with a Node server, built from the packed packages as a user
 * installs them (without the optional Stripe peers) and driven in Chromium against the
 * emulator: plans, a subscription through hosted checkout, status, a plan change, the banner
 * and a feature gate.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
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

beforeAll(async () => {
  copyFixture(path.join(FIXTURES, 'plans.mjs'), 'plans.mjs');
  dir = copyFixture(path.join(FIXTURES, 'spa'), 'spa');
});
afterAll(async () => {
  await browser?.close();
  await stopAll();
  await stack?.close();
});

describe('Vite + React SPA on the packed packages', { timeout: 240_000 }, () => {
  it('vite build failed: "EmbeddedCheckout" is not exported by __vite-optional-peer-dep:@stripe/react-stripe-js', async () => {
    // The app lists none of Stripe's packages: npm installs them as @tollgate/react's peers
    // (they were optional peers, left out, then imported by name).
    expect(fs.existsSync(path.join(dir, '../node_modules/@stripe/react-stripe-js'))).toBe(true);
    const out = await runToEnd(bin('vite'), ['build'], { cwd: dir, timeoutMs: 180_000 });
    expect(out).toContain('built in');
    // Stripe's React bindings stay out of the initial bundle: a chunk of their own, loaded lazily.
    const html = fs.readFileSync(path.join(dir, 'dist/index.html'), 'utf8');
    const entry = /src="\/(assets\/[^"]+\.js)"/.exec(html)?.[1] ?? '';
    expect(fs.readFileSync(path.join(dir, 'dist', entry), 'utf8')).not.toContain(
      'EmbeddedCheckoutProvider',
    );
    expect(fs.existsSync(path.join(dir, 'dist/index.html'))).toBe(true);
  });

  it('subscribes, shows status, gate and banner, changes plan — in Chromium against the emulator', async () => {
    stack = await startAppStack();
    await pushCatalog(stack, dir, '../plans.mjs');
    app = start(process.execPath, ['server.mjs'], { cwd: dir, env: stack.env });
    await waitUntilServing(`${stack.appUrl}/api/billing/plans`, app);
    browser = await chromium.launch({ ...chromiumLaunchOptions, headless: true });
    const page: Page = await browser.newPage({ baseURL: stack.appUrl });
    page.setDefaultTimeout(30_000);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto('/?user=spa-alice');
    await waitForPlan(page, 'free', 'none');
    await page.locator('li[data-plan="pro"]').waitFor();
    expect(await page.getByTestId('gate').textContent()).toBe('API locked');
    // No subscription yet: the switcher offers nothing that would end in 409.
    await page.getByText('You have no subscription to change yet').waitFor();
    const switcher = page.getByRole('region', { name: 'Change plan' });
    expect(await switcher.locator('input[type="radio"]').count()).toBe(0);

    await page.locator('li[data-plan="pro"]').getByRole('button').click();
    await page.waitForURL(/\/checkout\/cs_/);
    await payCheckout(page, CARDS.visa);
    await page.waitForURL(new RegExp(`^${stack.appUrl}/\\?checkout=success`));
    await waitForPlan(page, 'pro', 'active', 30_000);
    await page.getByText('API unlocked').waitFor();

    await page.getByRole('radio', { name: /^Team Monthly/ }).check();
    await page.locator('[data-line="total"]').waitFor();
    await page.getByRole('button', { name: 'Upgrade now' }).click();
    await page.getByText('You are now on Team.').waitFor();
    await waitForPlan(page, 'team', 'active');

    // A downgrade is scheduled for period end, and the banner says so.
    await page.getByRole('radio', { name: /^Pro Monthly/ }).check();
    await page.getByRole('button', { name: 'Schedule downgrade' }).click();
    await page.locator('[data-alert="downgrade_scheduled"]').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });
});
