/**
 * The demo journeys of issue 20, in Chromium: one user's clock never moves another's, the portal
 * shows what checkout saved, two unpaid invoices each stay payable, the free plan after an ended
 * subscription, no free-plan flash for paying customers, words and one date format instead of
 * Stripe's internals, and "Start over". One demo stack for the file; Start over runs last.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARDS, chooseCard, devAction, subscribe, waitForPlan } from './support/flows';
import { type E2eStack, startE2eStack } from './support/stack';

/** Dates as the demo prints them everywhere: "Dec 15, 2026". */
const ONE_DATE = /^[A-Z][a-z]{2} \d{1,2}, \d{4}$/;
/** Any date-looking text: ISO, numeric, or written out. */
const ANY_DATE =
  /\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}\/\d{1,2}\/\d{2,4}\b|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,2}(?:st|nd|rd|th)?,? \d{4}\b|\b\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{4}\b/g;

/** What the app shows in the main area and header: no Stripe words, one date format. */
async function expectHumanText(page: Page): Promise<void> {
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text, spaced as a reader sees it
  const text = await page.locator('.demo-shell').innerText();
  expect(text).not.toMatch(
    /past_due|trialing|incomplete_expired|\bunpaid\b|Access grace|·\s*active\b/,
  );
  expect(text).not.toMatch(/\b(starter|pro|enterprise|free) · /);
  for (const date of text.match(ANY_DATE) ?? []) expect(date).toMatch(ONE_DATE);
}

/** The Stripe customer of a demo user's email. */
async function customerOf(stack: E2eStack, email: string) {
  return (await stack.demo.stripe.customers.list({ email })).data[0]!;
}

describe('the demo journeys in the browser', () => {
  let stack: E2eStack;
  beforeAll(async () => {
    // "If all retries fail: leave the subscription past due" (a Stripe dashboard setting), so
    // a second renewal can fail while the first invoice is still open.
    stack = await startE2eStack(20, { dunning: { retries: [86_400], outcome: 'past_due' } });
  }, 120_000);
  afterAll(() => stack?.close());

  it('one user’s “Jump to renewal” leaves another user’s clock, plan and emails alone', async () => {
    const alice = await stack.signedIn(stack.newUser('alice'));
    const bob = await stack.signedIn(stack.newUser('bob'));
    await subscribe(alice.page, 'starter');
    await subscribe(bob.page, 'starter');
    await bob.page.goto('/developer');
    const bobTime = await bob.page.getByTestId('emulator-now').getAttribute('datetime');

    expect(await devAction(alice.page, 'Jump to renewal')).toMatch(/renewal/);
    await alice.page.goto('/outbox');
    await alice.page.getByText(/for your new billing period/).waitFor();
    // Emails are dated on their user's clock: the renewal a month after the welcome.
    const sentOn = async (subject: RegExp) =>
      /· (.+), \d+:\d+ [AP]M UTC/.exec(
        (await alice.page
          .locator('li', { hasText: subject })
          .first()
          .locator('header')
          .textContent()) ?? '',
      )?.[1];
    expect(await sentOn(/for your new billing period/)).not.toBe(
      await sentOn(/Welcome to Starter/),
    );

    await bob.page.goto('/developer');
    expect(await bob.page.getByTestId('emulator-now').getAttribute('datetime')).toBe(bobTime);
    await bob.page.goto('/outbox');
    await bob.page.getByText('Welcome to Starter').waitFor();
    expect(
      await bob.page.getByText(/for your new billing period|Payment failed|Confirm/).count(),
    ).toBe(0);
    await bob.page.goto('/billing');
    await waitForPlan(bob.page, 'starter', 'active');
    await alice.context.close();
    await bob.context.close();
  });

  it('the portal shows the card paid with at checkout and its invoice, and leads back', async () => {
    const { page, context } = await stack.signedIn(stack.newUser('portal'));
    await subscribe(page, 'starter');
    await page.getByRole('button', { name: 'Manage payment methods and invoices' }).click();
    await page.waitForURL(/\/portal\/bps_/);
    expect(await page.getByTestId('card').textContent()).toBe('Visa •••• 4242');
    expect(await page.getByTestId('invoice-status').allTextContents()).toEqual(['paid']);
    expect(await page.locator('tr[data-invoice] .amount').textContent()).toBe('$9.00');
    // The columns read apart ("$9.00   paid"), not run together ("$9.00paid").
    const gap = await page.locator('tr[data-invoice]').evaluate((row) => {
      const textBox = (cell: Element) => {
        const range = document.createRange();
        range.selectNodeContents(cell);
        return range.getBoundingClientRect();
      };
      const amount = row.querySelector('.amount')!;
      const status = row.querySelector('[data-testid="invoice-status"]')!;
      return textBox(status).left - textBox(amount).right;
    });
    expect(gap).toBeGreaterThanOrEqual(8);
    await page.getByRole('link', { name: 'Return to site' }).click();
    await page.waitForURL(/\/billing/);
    await waitForPlan(page, 'starter', 'active');
    await context.close();
  });

  it('past due with two open invoices: paying the newest keeps the banner for the older, paying it recovers', async () => {
    const user = stack.newUser('two invoices');
    const { page, context } = await stack.signedIn(user);
    await subscribe(page, 'starter');
    // A card that attaches and then always declines, set in the portal as a customer would.
    await page.getByRole('button', { name: 'Manage payment methods and invoices' }).click();
    await page.waitForURL(/\/portal\/bps_/);
    await chooseCard(page, '4000 0000 0000 0341');
    await page.getByRole('button', { name: 'Update payment method' }).click();
    await page.getByText('Visa •••• 0341', { exact: true }).first().waitFor();

    await devAction(page, 'Jump to renewal');
    await devAction(page, 'Jump to renewal');
    // The second jump ran the first invoice's retry on the way: its email is dated on the day
    // the first failure named, not at the end of the jump.
    await page.goto('/outbox');
    const failures = page.locator('li[data-kind="payment_failed"]');
    await failures.nth(2).waitFor();
    const emails = await failures.allTextContents(); // newest first
    const firstFailure = emails.findLast((text) => /attempt 1/.test(text))!;
    const retry = emails.find((text) => /attempt 2/.test(text))!;
    const day = / · ([A-Z][a-z]{2} \d{1,2}, \d{4}),/;
    expect(day.exec(retry)?.[1]).toBe(
      /try again on ([A-Z][a-z]{2} \d{1,2}, \d{4})/.exec(firstFailure)?.[1],
    );
    await page.goto('/billing');
    await waitForPlan(page, 'starter', 'past_due');
    await expectHumanText(page);
    const customer = await customerOf(stack, user.email);
    const open = (await stack.demo.stripe.invoices.list({ customer: customer.id, status: 'open' }))
      .data;
    expect(open).toHaveLength(2);
    const [newest, oldest] = open as [(typeof open)[0], (typeof open)[0]];

    const payOnItsPage = async (url: string) => {
      await page.goto(url);
      // One choice shows selected: the saved card, until another card is picked.
      expect(await page.getByLabel(/^Saved card/).isChecked()).toBe(true);
      expect(await page.locator('input[name="card"]:checked').count()).toBe(0);
      await chooseCard(page, CARDS.visa);
      expect(await page.getByLabel('Another card').isChecked()).toBe(true);
      await page.getByRole('button', { name: /^Pay / }).click();
      await page.getByText('This invoice has been paid.').waitFor();
    };
    await payOnItsPage(newest.hosted_invoice_url!);
    await stack.demo.settle();
    await page.goto('/billing');
    await waitForPlan(page, 'starter', 'past_due');
    const banner = page.locator('[data-alert="payment_failed"]');
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/Your payment of \$9 failed/);

    await payOnItsPage(oldest.hosted_invoice_url!);
    await stack.demo.settle();
    await page.goto('/billing');
    await waitForPlan(page, 'starter', 'active');
    expect(await page.locator('[data-alert="payment_failed"]').count()).toBe(0);
    await context.close();
  });

  it('cancel asks first, the Billing page then says when it ends, and after the end the free plan’s project is allowed', async () => {
    const { page, context } = await stack.signedIn(stack.newUser('ended'));
    await subscribe(page, 'starter');
    await page.getByRole('button', { name: 'Cancel subscription' }).click();
    await page.getByText(/Cancel your Starter, monthly subscription\? You keep it until/).waitFor();
    await page.getByRole('button', { name: 'Cancel at period end' }).click();
    const state = page.getByTestId('billing-status');
    await state.getByText(/^Cancels on /).waitFor();
    expect(await page.getByTestId('current-plan').textContent()).toMatch(/· Cancels on /);
    await expectHumanText(page);

    await devAction(page, 'Jump to renewal');
    await page.goto('/billing');
    await waitForPlan(page, 'free', 'canceled');
    expect(await page.getByTestId('billing-plan').textContent()).toBe('Free');
    // Back on Free: its features, not a payment to wait for; ended, not alarming.
    expect(await page.getByTestId('billing-access').textContent()).toBe('Everything in Free');
    expect(await page.getByTestId('billing-status').getAttribute('data-tone')).toBe('neutral');
    await expectHumanText(page);
    await page.goto('/projects');
    await page.getByRole('button', { name: 'New project' }).click();
    await page.getByTestId('project-count').getByText('Projects: 1').waitFor();
    await page.getByText("You have reached your plan's project limit.").waitFor();
    await context.close();
  });

  it('never shows the free plan to a paying customer: not on return from checkout, not on a reload', async () => {
    const { page, context } = await stack.signedIn(stack.newUser('no flash'));
    // Every paint of /billing is watched for a moment on the free plan.
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { freeSeen: string[] }).freeSeen = seen;
      new MutationObserver(() => {
        if (!location.pathname.startsWith('/billing')) return;
        const header = document.querySelector('[data-testid="current-plan"]');
        if (
          header?.getAttribute('data-plan') === 'free' ||
          document.body.textContent?.includes('You are on the Free plan')
        ) {
          seen.push(document.body.textContent?.slice(0, 200) ?? '');
        }
      }).observe(document, { childList: true, subtree: true, characterData: true });
    });
    await subscribe(page, 'pro', 'trialing');
    const seen = () => page.evaluate(() => (window as unknown as { freeSeen: string[] }).freeSeen);
    expect(await seen()).toEqual([]);
    for (let i = 0; i < 3; i++) {
      await page.reload();
      await waitForPlan(page, 'pro', 'trialing');
      expect(await seen()).toEqual([]);
    }
    // A trial in words, with its end date in the one format.
    expect(await page.getByTestId('billing-status').textContent()).toMatch(/^Trial until /);
    await expectHumanText(page);
    await context.close();
  });

  it('fits a 375 px phone screen: no page scrolls sideways', async () => {
    const { page, context } = await stack.signedIn(stack.newUser('a phone'));
    await subscribe(page, 'starter');
    await page.setViewportSize({ width: 375, height: 812 });
    const sideways = () =>
      page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    // Each page once its last part has loaded.
    for (const [path, last] of [
      ['/pricing', () => page.locator('li[data-plan="enterprise"]')],
      ['/billing', () => page.getByRole('radio', { name: /^Enterprise Yearly/ })],
      ['/projects', () => page.getByRole('heading', { name: 'API console' })],
      ['/developer', () => page.getByRole('heading', { name: 'Start over' })],
      ['/outbox', () => page.getByText('Welcome to Starter')],
    ] as const) {
      await page.goto(path);
      await last().waitFor();
      expect(await sideways(), path).toBe(0);
    }
    await page.getByRole('button', { name: 'Switch user' }).click();
    await page
      .getByRole('button', { name: /^Sign in as / })
      .first()
      .waitFor();
    expect(await sideways(), 'sign-in').toBe(0);
    await context.close();
  });

  // Last: it deletes every user's state.
  it('“Start over” deletes everything and signs everyone out', async () => {
    const user = stack.newUser('reset');
    const { page, context } = await stack.signedIn(user);
    await subscribe(page, 'starter');
    const other = await stack.signedIn(stack.newUser('other tab'), '/billing');
    await page.goto('/developer');
    await page.getByRole('button', { name: 'Start over…' }).click();
    await page.getByRole('button', { name: 'Delete everything and start over' }).click();
    await page
      .getByRole('button', { name: /^Sign in as / })
      .first()
      .waitFor();

    // The other browser's session ended too.
    await other.page.reload();
    await other.page
      .getByRole('button', { name: /^Sign in as / })
      .first()
      .waitFor();
    // The emulator starts empty on the same port, and the user starts on Free.
    expect((await stack.demo.stripe.customers.list()).data).toEqual([]);
    const signIn = await context.request.post('/api/demo/session', { data: { userId: user.id } });
    expect(signIn.ok()).toBe(true);
    await page.goto('/billing');
    await waitForPlan(page, 'free', 'none');
    await page.goto('/outbox');
    await page.getByText('No emails yet.').waitFor();
    await context.close();
    await other.context.close();
  });
});
