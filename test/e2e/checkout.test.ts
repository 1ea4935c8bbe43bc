/**
 * Subscribing in a real browser: the demo's pricing page → the emulator's hosted checkout →
 * back to the app, which shows what the webhook wrote. One demo stack for the file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage } from './support/browser';
import { CARDS, chooseCard, payCheckout, startCheckout, waitForPlan } from './support/flows';
import { type E2eStack, startE2eStack } from './support/stack';

describe('checkout in the browser', () => {
  let stack: E2eStack;
  beforeAll(async () => {
    stack = await startE2eStack();
  }, 120_000);
  afterAll(() => stack?.close());

  it('signs in with the picker and shows the free plan', async () => {
    const user = stack.newUser('picker');
    const { page, context } = await openPage(stack.browser, stack.demo.url);
    await page.goto('/');
    await page
      .getByRole('button', { name: `Sign in as ${user.name.replace(/ \(.*/, '')}`, exact: true })
      .click();
    await page.waitForURL(/\/pricing/);
    await waitForPlan(page, 'free', 'none');
    expect(await page.locator('li[data-plan="free"]').getAttribute('data-current')).toBe('exact');
    await context.close();
  });

  it('subscribes with 4242 on the hosted checkout and lands active', async () => {
    const user = stack.newUser('4242');
    const { page, context } = await stack.signedIn(user);
    await startCheckout(page, 'starter');
    expect(await page.getByTestId('due-today').textContent()).toBe('$9.00');
    await payCheckout(page, CARDS.visa);
    await page.waitForURL(/\/billing/);
    await waitForPlan(page, 'starter', 'active');
    expect(await page.getByTestId('billing-access').getAttribute('data-access')).toBe('full');
    // The webhook, not the redirect, made it so: Stripe holds the same subscription.
    const customers = await stack.demo.stripe.customers.list({ email: user.email });
    const subs = await stack.demo.stripe.subscriptions.list({ customer: customers.data[0]!.id });
    expect(subs.data.map((s) => s.status)).toEqual(['active']);
    await context.close();
  });

  it('starts a trial: nothing due today, the app shows trialing and a welcome email', async () => {
    const { page, context } = await stack.signedIn(stack.newUser('trial'));
    await startCheckout(page, 'pro');
    expect(await page.getByTestId('due-today').textContent()).toBe('$0.00');
    expect(await page.getByTestId('trial').textContent()).toMatch(/14 days free/);
    await payCheckout(page, CARDS.visa);
    await page.waitForURL(/\/billing/);
    await waitForPlan(page, 'pro', 'trialing');
    // A second trial is not offered to the same user.
    await page.goto('/pricing');
    await page.locator('li[data-plan="pro"][data-current]').waitFor();
    await page.goto('/outbox');
    await page.getByText('Welcome to Pro').waitFor();
    await context.close();
  });

  it('completes a 3D Secure challenge and lands active', async () => {
    const { page, context } = await stack.signedIn(stack.newUser('3ds ok'));
    await startCheckout(page, 'starter');
    await payCheckout(page, CARDS.threeDsAlways);
    await page.waitForURL(/\/authenticate/);
    await page.getByRole('button', { name: 'Complete authentication' }).click();
    await page.waitForURL(/\/billing/);
    await waitForPlan(page, 'starter', 'active');
    await context.close();
  });

  it('fails a 3D Secure challenge: the checkout says so and the app stays on Free', async () => {
    const { page, context } = await stack.signedIn(stack.newUser('3ds fail'));
    await startCheckout(page, 'starter');
    await payCheckout(page, CARDS.threeDsAlways);
    await page.waitForURL(/\/authenticate/);
    await page.getByRole('button', { name: 'Fail authentication' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/authenticat/i);
    await page.getByRole('link', { name: 'Cancel' }).click();
    await page.waitForURL(/\/pricing/);
    await waitForPlan(page, 'free', 'none');
    await context.close();
  });

  it("shows Stripe's decline message for a declined card and subscribes nothing", async () => {
    const { page, context } = await stack.signedIn(stack.newUser('declined'));
    await startCheckout(page, 'starter');
    await payCheckout(page, CARDS.declined);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe('Your card was declined.');
    // The page keeps the form for another card; insufficient funds has its own message.
    await payCheckout(page, CARDS.insufficientFunds);
    await page.getByText('Your card has insufficient funds.').waitFor();
    await page.goto('/billing');
    await waitForPlan(page, 'free', 'none');
    await context.close();
  });

  it('charges the typed card, and shows it (not 4242) selected after its decline', async () => {
    const { page, context } = await stack.signedIn(stack.newUser('typed'));
    await startCheckout(page, 'starter');
    const typed = page.getByRole('textbox', { name: 'Card number' });
    const visa = page.getByLabel(new RegExp(`^${CARDS.visa} —`));
    expect(await visa.isChecked()).toBe(true); // the default choice…
    await typed.fill('4000 0000 0000 9987'); // …until a card is typed (a lost card: declined)
    expect(await visa.isChecked()).toBe(false);
    await page.getByRole('button', { name: 'Subscribe' }).click();
    expect(await page.getByRole('alert').textContent()).toBe('Your card was declined.');
    expect(await typed.inputValue()).toBe('4000 0000 0000 9987');
    expect(await page.locator('input[name="card"]:checked').count()).toBe(0);
    // Picking a listed card clears the typed one: what is selected is what is charged.
    await chooseCard(page, CARDS.visa);
    expect(await typed.inputValue()).toBe('');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.waitForURL(/\/billing/);
    await waitForPlan(page, 'starter', 'active');
    await context.close();
  });

  it('shows the Pro trial once on its pricing card', async () => {
    const { page, context } = await stack.signedIn(stack.newUser('pricing'));
    const pro = page.locator('li[data-plan="pro"]');
    await pro.waitFor();
    expect(await pro.getByText(/14-day free trial/i).count()).toBe(1);
    // The recommended plan's filled button is readable (the demo's own styles leave it alone).
    const action = pro.getByRole('button');
    expect((await action.textContent())?.trim()).not.toBe('');
    const colors = await action.evaluate((el) => {
      const style = getComputedStyle(el);
      return [style.color, style.backgroundColor];
    });
    expect(colors[0]).not.toBe(colors[1]);
    await context.close();
  });
});
