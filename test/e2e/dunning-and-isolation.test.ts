/**
 * A failed renewal recovered in the portal, and one user's billing kept from another's — in a
 * real browser against the demo stack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARDS, chooseCard, devAction, subscribe, waitForPlan } from './support/flows';
import { type E2eStack, startE2eStack } from './support/stack';

describe('dunning and isolation in the browser', () => {
  let stack: E2eStack;
  beforeAll(async () => {
    stack = await startE2eStack();
  }, 120_000);
  afterAll(() => stack?.close());

  it('user A can neither see nor change user B’s billing', async () => {
    const alice = stack.newUser('A');
    const bob = stack.newUser('B');
    const a = await stack.signedIn(alice);
    await subscribe(a.page, 'starter');

    const b = await stack.signedIn(bob, '/billing');
    await waitForPlan(b.page, 'free', 'none');
    // Nothing of A's shows on B's pages…
    expect(await b.page.getByTestId('billing-plan').textContent()).toBe('Free');
    await b.page.goto('/outbox');
    await b.page.getByText('No emails yet.').waitFor();
    // …and B's requests can only ever reach B's own customer: there is no way to name A's.
    const cancel = await b.context.request.post('/api/billing/cancel', {
      headers: { origin: stack.demo.url },
      data: {},
    });
    expect(cancel.status()).toBe(409);
    expect((await cancel.json()).error.code).toBe('NO_SUBSCRIPTION');
    const forged = await b.context.request.post('/api/billing/checkout', {
      headers: { origin: stack.demo.url },
      data: { plan: 'starter', interval: 'month', customer: 'cus_of_alice' },
    });
    expect(forged.status()).toBe(400);
    const portal = await b.context.request.post('/api/billing/portal', {
      headers: { origin: stack.demo.url },
      data: {},
    });
    expect(portal.status()).toBeGreaterThanOrEqual(400);

    // A is untouched.
    await a.page.reload();
    await waitForPlan(a.page, 'starter', 'active');
    await a.page.goto('/outbox');
    await a.page.getByText('Welcome to Starter').waitFor();
    await a.context.close();
    await b.context.close();
  });

  it('"Make the next payment fail" fails one renewal: the card comes back and the retry recovers', async () => {
    const { page, context } = await stack.signedIn(stack.newUser('fail next'));
    await subscribe(page, 'starter');

    expect(await devAction(page, 'Make the next payment fail')).toMatch(
      /0341 for the next payment only/,
    );
    await devAction(page, 'Jump to renewal');
    await page.goto('/billing');
    await waitForPlan(page, 'starter', 'past_due');
    const banner = page.locator('[data-alert="payment_failed"]');
    expect(await banner.textContent()).toMatch(
      /Your payment of \$9 failed\. Update your card before/,
    );
    await page.goto('/outbox');
    // Emails print money as the app does: "$9", not "$9.00".
    await page.getByText('We could not charge $9.', { exact: false }).waitFor();

    // No card update: Stripe's next retry charges the card that came back.
    await devAction(page, 'Advance one day');
    await page.goto('/billing');
    await waitForPlan(page, 'starter', 'active');
    await page.goto('/outbox');
    await page.getByText('Receipt: $9', { exact: true }).first().waitFor();
    await context.close();
  });

  it('renewal failure → banner → card update in the portal → recovery', async () => {
    const { page, context } = await stack.signedIn(stack.newUser('dunning'));
    await subscribe(page, 'starter');

    expect(await devAction(page, 'Make the next payment fail')).toMatch(/0341/);
    await devAction(page, 'Jump to renewal');
    await page.goto('/billing');
    await waitForPlan(page, 'starter', 'past_due');
    const banner = page.locator('[data-alert="payment_failed"]');
    await banner.waitFor();
    await page.goto('/outbox');
    await page.getByText('Payment failed (attempt 1)').waitFor();

    // The banner's action opens the portal on the emulator, deep-linked to the card update.
    await page.goto('/billing');
    await banner.getByRole('button', { name: 'Update card' }).click();
    await page.waitForURL(/\/portal\/bps_/);
    // The card that failed once is gone again: the customer's own card is the default.
    expect(await page.getByTestId('card').textContent()).toBe('Visa •••• 4242');
    await chooseCard(page, CARDS.visa);
    await page.getByRole('button', { name: 'Update payment method' }).click();
    await page.waitForURL(/127\.0\.0\.1:\d+\/billing|\/portal\/bps_.*done=card/);
    if (page.url().includes('/portal/')) {
      await page.getByRole('link', { name: 'Return to site' }).click();
      await page.waitForURL(/\/billing/);
    }

    // Stripe retries on its dunning schedule; the next attempt charges the new card.
    await devAction(page, 'Advance one day');
    await page.goto('/billing');
    await waitForPlan(page, 'starter', 'active');
    expect(await page.locator('[data-alert="payment_failed"]').count()).toBe(0);
    await context.close();
  });

  it('renewal needing 3D Secure → banner → confirmed on the invoice page → active', async () => {
    const { page, context } = await stack.signedIn(stack.newUser('3ds renewal'));
    await subscribe(page, 'starter');
    expect(await devAction(page, 'Require 3D Secure')).toMatch(/3184/);
    await devAction(page, 'Jump to renewal');
    await page.goto('/billing');
    const banner = page.locator('[data-alert="action_required"]');
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/confirm a payment of \$9\./);

    // Offline there is no stripe.js: the demo sends the customer to the invoice's hosted page.
    await banner.getByRole('button', { name: 'Confirm payment' }).click();
    await page.waitForURL(/\/invoice\/in_/);
    await page.getByRole('link', { name: 'Authenticate payment' }).click();
    await page.getByRole('button', { name: 'Complete authentication' }).click();
    await page.getByText('This invoice has been paid.').waitFor();
    // …and a way back to where the customer was.
    await page.getByRole('link', { name: 'Return to the site' }).click();
    await page.waitForURL(/\/billing/);
    await waitForPlan(page, 'starter', 'active');
    expect(await page.locator('[data-alert="action_required"]').count()).toBe(0);
    await context.close();
  });
});
