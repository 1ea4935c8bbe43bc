import type { Page } from 'playwright-core';

/** Test cards as the emulator's hosted pages label them. */
export const CARDS = {
  visa: '4242 4242 4242 4242',
  threeDsAlways: '4000 0027 6000 3184',
  declined: '4000 0000 0000 0002',
  insufficientFunds: '4000 0000 0000 9995',
} as const;

/** Clicks the plan's action on the pricing page and waits for the emulator's hosted checkout. */
export async function startCheckout(page: Page, plan: string): Promise<void> {
  if (!new URL(page.url()).pathname.startsWith('/pricing')) await page.goto('/pricing');
  await page.locator(`li[data-plan="${plan}"]`).getByRole('button').click();
  await page.waitForURL(/\/checkout\/cs_/);
}

/** Picks a test card on a hosted page (checkout, portal, invoice). */
export async function chooseCard(page: Page, card: string): Promise<void> {
  await page.getByLabel(new RegExp(`^${card} —`)).check();
}

/** Pays the open hosted checkout with `card` (the click on Subscribe). */
export async function payCheckout(page: Page, card: string): Promise<void> {
  await chooseCard(page, card);
  await page.getByRole('button', { name: 'Subscribe' }).click();
}

/** Waits until the app's header shows `plan` with Stripe status `status`. */
export async function waitForPlan(page: Page, plan: string, status: string, timeout = 15_000) {
  await page
    .locator(`[data-testid="current-plan"][data-plan="${plan}"][data-status="${status}"]`)
    .waitFor({ timeout });
}

/** Subscribes through pricing → hosted checkout with 4242 and waits until the app shows it. */
export async function subscribe(page: Page, plan: string, status = 'active'): Promise<void> {
  await startCheckout(page, plan);
  await payCheckout(page, CARDS.visa);
  await page.waitForURL(/\/billing/);
  await waitForPlan(page, plan, status);
}

/** Runs a developer-panel action and waits for its answer. */
export async function devAction(page: Page, label: string): Promise<string> {
  await page.goto('/developer');
  const result = page.getByTestId('dev-result');
  await page.getByRole('button', { name: label }).click();
  await page.waitForFunction(
    () => {
      const text = document.querySelector('[data-testid="dev-result"]')?.textContent ?? '';
      return text !== '' && text !== 'Working…';
    },
    undefined,
    { timeout: 30_000 },
  );
  return (await result.textContent()) ?? '';
}

/** Money as the components print it, parsed back to minor units (`$20.37` → 2037, `$20` → 2000). */
export function minorUnits(text: string): number {
  const match = /(-?)\$([\d,]+)(?:\.(\d{2}))?/.exec(text);
  if (!match) throw new Error(`no dollar amount in "${text}"`);
  const value = Number(match[2]!.replace(/,/g, '')) * 100 + Number(match[3] ?? 0);
  return match[1] === '-' ? -value : value;
}
