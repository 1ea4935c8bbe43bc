import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { onTestFailed } from 'vitest';
import { chromiumLaunchOptions } from '../../chromium';

/** Where failure screenshots go (git-ignored). */
export const RESULTS_DIR = path.resolve(process.cwd(), 'test-results');

/** Launches headless Chromium. One per test file: launching costs ~0.5 s. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ ...chromiumLaunchOptions, headless: true });
}

/** A fresh context (own cookies) and page; the page is screenshotted if the test fails. */
export async function openPage(
  browser: Browser,
  baseURL: string,
  options: { screenshots?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  if (options.screenshots !== false) screenshotOnFailure(page);
  return { context, page };
}

/** Registers a screenshot of `page` for when the current test fails. */
export function screenshotOnFailure(page: Page): void {
  onTestFailed(async ({ task }) => {
    if (page.isClosed()) return;
    await mkdir(RESULTS_DIR, { recursive: true });
    const name = `${task.file?.name ?? 'e2e'}-${task.name}`
      .replace(/[^a-z0-9]+/gi, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 150);
    const file = path.join(RESULTS_DIR, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    console.error(`e2e: screenshot of the failing page saved to ${file} (at ${page.url()})`);
  });
}
