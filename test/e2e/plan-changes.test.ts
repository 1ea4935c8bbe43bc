/**
 * Changing a live subscription in a real browser: upgrades billed exactly as previewed,
 * downgrades at period end, cancel and resume, and a feature gate opening on upgrade.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CARDS,
  devAction,
  minorUnits,
  payCheckout,
  startCheckout,
  subscribe,
  waitForPlan,
} from './support/flows';
import { type E2eStack, startE2eStack } from './support/stack';

describe('plan changes in the browser', () => {
  let stack: E2eStack;
  beforeAll(async () => {
    stack = await startE2eStack();
  }, 120_000);
  afterAll(() => stack?.close());

  /** The user's Stripe customer id, as Tollgate created it. */
  const customerOf = async (email: string) =>
    (await stack.demo.stripe.customers.list({ email })).data[0]!.id;

  it('upgrades now and charges exactly the previewed amount', async () => {
    const user = stack.newUser('upgrade');
    const { page, context } = await stack.signedIn(user);
    await subscribe(page, 'starter');

    await page.getByRole('radio', { name: /^Pro Monthly/ }).check();
    const total = page.locator('[data-line="total"] dd');
    await total.waitFor();
    const previewed = minorUnits((await total.textContent()) ?? '');
    expect(previewed).toBeGreaterThan(0);
    expect(previewed).toBeLessThanOrEqual(2900 - 900);
    // The lines in Stripe's words, dated once in the app's format (not also "05 Dec 2026").
    const credit = page.locator('[data-line="credit"] dt');
    expect(await credit.textContent()).toMatch(
      /^Unused time on Starter[A-Z][a-z]{2} \d{1,2}, \d{4} – [A-Z][a-z]{2} \d{1,2}, \d{4}$/,
    );

    await page.getByRole('button', { name: 'Upgrade now' }).click();
    await page.getByText('You are now on Pro.').waitFor();
    await waitForPlan(page, 'pro', 'active');

    const invoices = await stack.demo.stripe.invoices.list({
      customer: await customerOf(user.email),
    });
    const proration = invoices.data.find(
      (invoice) => invoice.billing_reason === 'subscription_update',
    );
    expect(proration?.status).toBe('paid');
    expect(proration?.amount_paid).toBe(previewed);
    await context.close();
  });

  it('a gated feature unlocks after upgrading from Free', async () => {
    const { page, context } = await stack.signedIn(stack.newUser('gate'), '/projects');
    await page.getByText('The API is available on Starter and above.').waitFor();
    expect(await page.getByRole('button', { name: 'Make an API call' }).count()).toBe(0);
    // Free allows one project: the second is gated by the limit.
    await page.getByRole('button', { name: 'New project' }).click();
    await page.getByText("You have reached your plan's project limit.").waitFor();

    await subscribe(page, 'starter');
    await page.goto('/projects');
    await page.getByRole('button', { name: 'Make an API call' }).click();
    await page.getByTestId('api-calls').getByText('API calls this period: 1').waitFor();
    // The UsageMeter shows the call at once: recorded in the outbox, of the 100 Starter includes.
    await page
      .locator('[role="meter"][aria-label="API calls"][aria-valuetext="1 of 100 API calls"]')
      .waitFor();
    await page.getByRole('button', { name: 'New project' }).click();
    await page.getByTestId('project-count').getByText('Projects: 2').waitFor();
    // The call reached Stripe as a meter event for this customer.
    const meterEvents = Object.values(stack.demo.emulator!.state.meterEvents);
    expect(meterEvents.some((e) => e.event_name === 'demo_api_calls' && e.value === 1)).toBe(true);
    await context.close();
  });

  it('cancels at period end, then resumes', async () => {
    const { page, context } = await stack.signedIn(stack.newUser('cancel'));
    await subscribe(page, 'starter');
    await page.getByRole('button', { name: 'Cancel subscription' }).click();
    // The demo asks first; nothing is canceled until the customer says so.
    await page.getByRole('button', { name: 'Cancel at period end' }).click();
    const banner = page.locator('[data-alert="cancel_pending"]');
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/Your subscription ends on/);
    await waitForPlan(page, 'starter', 'active'); // still paid up until the end

    await banner.getByRole('button', { name: 'Keep subscription' }).click();
    await banner.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Cancel subscription' }).waitFor();
    await waitForPlan(page, 'starter', 'active');
    await context.close();
  });

  // Last in the file: it moves the emulator clock past everyone's renewal.
  it('schedules a downgrade for the period end and applies it after the clock passes it', async () => {
    const { page, context } = await stack.signedIn(stack.newUser('downgrade'));
    await subscribe(page, 'pro', 'trialing');
    await devAction(page, 'Jump to trial end');
    // Past the trial end far enough for Stripe to finalize and charge the first invoice.
    await page.goto('/outbox');
    await page.getByText('Receipt: $29', { exact: true }).waitFor();
    await page.goto('/billing');
    await waitForPlan(page, 'pro', 'active');

    await page.getByRole('radio', { name: /^Starter Monthly/ }).check();
    await page.getByText(/Nothing is charged today/).waitFor();
    await page.getByRole('button', { name: 'Schedule downgrade' }).click();
    const banner = page.locator('[data-alert="downgrade_scheduled"]');
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/Your plan changes to Starter on/);
    await waitForPlan(page, 'pro', 'active');
    // The current plan's facts say the same, not "Renews on".
    await page.locator('dt', { hasText: /^Changes to Starter on$/ }).waitFor();
    expect(await page.getByTestId('billing-next-date').textContent()).toMatch(
      /^[A-Z][a-z]{2} \d{1,2}, \d{4}$/,
    );

    expect(await devAction(page, 'Jump to renewal')).toMatch(/renewal/);
    await page.goto('/billing');
    await waitForPlan(page, 'starter', 'active');
    expect(await page.locator('[data-alert="downgrade_scheduled"]').count()).toBe(0);
    await context.close();
  });

  it('shows LAUNCH20 on the Billing page, and what keeping the plan bills before dropping a scheduled downgrade', async () => {
    const user = stack.newUser('keep');
    const { page, context } = await stack.signedIn(user);
    await startCheckout(page, 'enterprise');
    await page.getByRole('textbox', { name: 'Promotion code' }).fill('LAUNCH20');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByTestId('promotion-applied').waitFor();
    await payCheckout(page, CARDS.visa);
    await page.waitForURL(/\/billing/);
    await waitForPlan(page, 'enterprise', 'active');
    const discount = page.getByTestId('billing-discount');
    await discount.waitFor();
    expect(await discount.textContent()).toMatch(
      /^20% off for 3 months with LAUNCH20, until [A-Z][a-z]{2} \d{1,2}, \d{4}$/,
    );
    await page.getByText(/Your discount: 20% off for 3 months with LAUNCH20/).waitFor();

    await page.getByRole('radio', { name: /^Starter Monthly/ }).check();
    await page.getByRole('button', { name: 'Schedule downgrade' }).click();
    const kept = page.locator('[data-line="kept"] dd');
    await kept.waitFor();
    const previewed = minorUnits((await kept.textContent()) ?? '');
    // Enterprise at $99 less LAUNCH20's 20 %, not Starter's price.
    expect(previewed).toBeGreaterThanOrEqual(Math.round(9900 * 0.8));
    await page.getByRole('button', { name: 'Keep my current plan' }).click();
    await kept.waitFor({ state: 'detached' });

    expect(await devAction(page, 'Jump to renewal')).toMatch(/renewal/);
    const invoices = await stack.demo.stripe.invoices.list({
      customer: await customerOf(user.email),
    });
    const renewal = invoices.data.find(
      (invoice) => invoice.billing_reason === 'subscription_cycle',
    );
    expect(renewal?.amount_due).toBe(previewed);
    await context.close();
  });
});
