import { screen, waitFor, within } from '@testing-library/react';
import type { BillingStatus, PreviewRequest } from '@tollgate/core';
import { fixtures } from '@tollgate/core/fixtures';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../../test/axe';
import { confirmWhenReady } from '../../test/confirm';
import { contractServer, Reply, statusCell } from '../../test/contract-server';
import { renderWithBilling } from '../../test/render';
import { stripeDouble } from '../../test/stripe-double';
import { PlanSwitcher } from './plan-switcher';

/** Previews from core's fixtures, chosen by what was asked. */
function previewFor(body: unknown) {
  const request = body as PreviewRequest;
  if (request.kind === 'resume') return fixtures.preview.resume;
  const { plan, interval } = request;
  if (plan === 'starter') return fixtures.preview.downgrade;
  if (plan === 'pro' && interval === 'year') return fixtures.preview.intervalChange;
  return { ...fixtures.preview.upgrade, plan, interval };
}

function setup(
  options: {
    status?: BillingStatus;
    change?: (body: unknown) => unknown;
    stripe?: ReturnType<typeof stripeDouble>['stripe'];
    preview?: (body: unknown) => unknown;
  } = {},
) {
  const cell = statusCell(options.status ?? fixtures.status.activeMonthly);
  const server = contractServer({
    plans: () => fixtures.plans.usdCurrentPro,
    status: () => cell.get(),
    preview: options.preview ?? previewFor,
    change: options.change ?? (() => Reply.error('INTERNAL_ERROR')),
    resume: () => {
      cell.set(fixtures.status.activeMonthly);
      return cell.get();
    },
  });
  const rendered = renderWithBilling(<PlanSwitcher />, {
    fetch: server.fetch,
    ...(options.stripe ? { stripe: Promise.resolve(options.stripe) } : {}),
  });
  return { ...rendered, server, cell };
}

/** Presses "Keep my current plan" with Enter: the scheduled area goes, `/resume` drops only the change. */
async function keepByKeyboard(
  { user, server }: Pick<ReturnType<typeof setup>, 'user' | 'server'>,
  scheduled: HTMLElement,
) {
  within(scheduled).getByRole('button', { name: 'Keep my current plan' }).focus();
  await user.keyboard('{Enter}');
  await waitFor(() => expect(scheduled).not.toBeInTheDocument());
  expect(server.calls.find((c) => c.route === 'resume')?.body).toEqual({
    undo: 'scheduled_change',
  });
}

describe('PlanSwitcher', () => {
  it('shows a loading state, then plans × intervals as a radio group with the current one marked and disabled', async () => {
    const { container } = setup();
    expect(screen.getByRole('region', { name: 'Change plan' })).toHaveAttribute(
      'data-state',
      'loading',
    );
    const group = await screen.findByRole('group', { name: 'Plan and billing period' });
    const radios = within(group).getAllByRole('radio');
    expect(radios).toHaveLength(6);
    expect(
      within(group).getByRole('radio', { name: /Pro Monthly \$29 \/ month Current plan/ }),
    ).toBeDisabled();
    expect(within(group).queryByRole('radio', { name: /Free/ })).toBeNull();
    expect(screen.getByRole('region', { name: 'Change plan' })).toHaveAttribute(
      'data-state',
      'idle',
    );
    await expectNoAxeViolations(container);
  });

  it("previews an upgrade with Stripe's line descriptions and periods, due today and the next bill", async () => {
    const { user, container } = setup();
    await user.click(await screen.findByRole('radio', { name: /Enterprise Monthly/ }));
    const region = screen.getByRole('region', { name: 'Change plan' });
    await waitFor(() => expect(region).toHaveAttribute('data-state', 'ready'));
    const up = fixtures.preview.upgrade;
    const usd = (n: number) =>
      new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(n / 100);
    const line = (kind: string) => container.querySelector(`[data-line="${kind}"]`);
    expect(line('credit')).toHaveTextContent(
      `Unused time on StarterNov 27, 2026 – Dec 15, 2026${usd(up.lines[0]!.amount)}`,
    );
    expect(line('charge')).toHaveTextContent(
      `Remaining time on ProNov 27, 2026 – Dec 15, 2026${usd(up.lines[1]!.amount)}`,
    );
    expect(line('total')).toHaveTextContent(`Due today${usd(up.amountDue)}`);
    expect(line('next')).toHaveTextContent('Next bill$29 on Dec 15, 2026');
    expect(screen.getByText('Pro (Monthly) → Enterprise (Monthly), starting today.')).toBeVisible();
    expect(screen.getByRole('button', { name: 'Upgrade now' })).toBeInTheDocument();
    await expectNoAxeViolations(container);
  });

  it('previews an upgrade during a trial: nothing due today, the new price at the trial end', async () => {
    const trialEnd = fixtures.status.trialEnding.trialEnd!;
    const { user, container } = setup({
      status: fixtures.status.trialEnding,
      preview: () => ({
        ...fixtures.preview.upgrade,
        plan: 'enterprise',
        lines: fixtures.preview.upgrade.lines.map((l) => ({
          ...l,
          amount: 0,
          periodEnd: trialEnd,
        })),
        subtotal: 0,
        total: 0,
        amountDue: 0,
        nextBillDate: trialEnd,
        nextBillAmount: 9900,
      }),
    });
    await user.click(await screen.findByRole('radio', { name: /Enterprise Monthly/ }));
    const region = screen.getByRole('region', { name: 'Change plan' });
    await waitFor(() => expect(region).toHaveAttribute('data-state', 'ready'));
    const line = (kind: string) => container.querySelector(`[data-line="${kind}"]`);
    expect(line('total')).toHaveTextContent(/^Due today\$0$/);
    expect(line('next')).toHaveTextContent('Next bill$99 on Nov 29, 2026');
    await expectNoAxeViolations(container);
  });

  it('previews a downgrade with its start date, nothing due today and the new price, and schedules it', async () => {
    const { user, server } = setup({
      change: () => ({ outcome: 'scheduled', status: fixtures.status.downgradeScheduled }),
    });
    const container = document.body;
    await user.click(await screen.findByRole('radio', { name: /Starter Monthly/ }));
    expect(
      await screen.findByText('Nothing is charged today. You keep your current plan until then.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Pro (Monthly) → Starter (Monthly), starting Dec 15, 2026.'),
    ).toBeVisible();
    // The first invoice of the new plan, as Stripe previewed it (not the catalog's price).
    expect(container.querySelector('[data-line="subscription"]')).toHaveTextContent(
      '1 × Starter (at $9.00 / month)Dec 15, 2026 – Jan 15, 2027$9',
    );
    expect(container.querySelector('[data-line="total"]')).toHaveTextContent('Due today$0');
    await user.click(screen.getByRole('button', { name: 'Schedule downgrade' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Starter starts on Dec 15, 2026.');
    expect(server.calls.find((c) => c.route === 'change')?.body).toEqual({
      plan: 'starter',
      interval: 'month',
      prorationDate: fixtures.preview.downgrade.prorationDate,
    });
  });

  it('confirms an upgrade from the keyboard with a pending state, passing the previewed proration date', async () => {
    let release: () => void = () => {};
    const { user, server } = setup({
      change: () =>
        new Promise((resolve) => {
          release = () =>
            resolve({
              outcome: 'applied',
              status: { ...fixtures.status.activeMonthly, plan: 'enterprise' },
            });
        }),
    });
    const option = await screen.findByRole('radio', { name: /Enterprise Monthly/ });
    option.focus();
    await user.keyboard(' ');
    expect(option).toBeChecked();
    const confirm = await screen.findByRole('button', { name: 'Upgrade now' });
    await waitFor(() => expect(confirm).not.toHaveAttribute('aria-disabled'));
    confirm.focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(confirm).toHaveTextContent('Confirming…'));
    expect(confirm).toHaveAttribute('aria-disabled', 'true');
    expect(screen.getByRole('region', { name: 'Change plan' })).toHaveAttribute(
      'data-state',
      'pending',
    );
    await user.keyboard('{Enter}');
    release();
    expect(await screen.findByRole('status')).toHaveTextContent('You are now on Enterprise.');
    expect(server.calls.filter((c) => c.route === 'change')).toHaveLength(1);
    expect(server.calls.find((c) => c.route === 'change')?.body).toMatchObject({
      prorationDate: fixtures.preview.upgrade.prorationDate,
    });
  });

  it('completes 3-D Secure with stripe.js when the server asks', async () => {
    const sca = {
      outcome: 'requires_action',
      requiresAction: true,
      clientSecret: 'pi_upgrade_secret_1',
      hostedInvoiceUrl: 'https://invoice.example/in_up',
      amountDue: 1500,
      currency: 'usd',
    };
    const double = stripeDouble('succeeded');
    const { user } = setup({ change: () => sca, stripe: double.stripe });
    await user.click(await screen.findByRole('radio', { name: /Enterprise Monthly/ }));
    await confirmWhenReady(user, 'Upgrade now');
    expect(await screen.findByRole('status')).toHaveTextContent('Payment confirmed');
    expect(double.confirmed).toEqual(['pi_upgrade_secret_1']);
  });

  it('reports a failed 3-D Secure plainly, with the invoice as a way out', async () => {
    const sca = {
      outcome: 'requires_action',
      requiresAction: true,
      clientSecret: 'pi_upgrade_secret_2',
      hostedInvoiceUrl: 'https://invoice.example/in_up2',
      amountDue: 1500,
      currency: 'usd',
    };
    const double = stripeDouble('failed');
    const { user, container } = setup({ change: () => sca, stripe: double.stripe });
    await user.click(await screen.findByRole('radio', { name: /Enterprise Monthly/ }));
    await confirmWhenReady(user, 'Upgrade now');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'Your bank did not confirm the payment. Your plan did not change.',
    );
    expect(within(alert).getByRole('link', { name: 'Pay the invoice instead' })).toHaveAttribute(
      'href',
      'https://invoice.example/in_up2',
    );
    expect(screen.getByRole('region', { name: 'Change plan' })).toHaveAttribute(
      'data-state',
      'change_error',
    );
    await expectNoAxeViolations(container);
  });

  it('shows a preview error from labels.errors with a retry', async () => {
    let fail = true;
    const { user } = setup({
      preview: (body) =>
        fail ? Reply.error('INTERNAL_ERROR', 'Stripe did not answer.') : previewFor(body),
    });
    await user.click(await screen.findByRole('radio', { name: /Enterprise Yearly/ }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The amount for this change could not be calculated.');
    expect(alert).toHaveTextContent('Something went wrong on our side. Try again in a moment.');
    expect(alert).not.toHaveTextContent('Stripe did not answer.');
    fail = false;
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Due today')).toBeInTheDocument();
  });

  it('refreshes an expired preview when the change is refused for it', async () => {
    const { user, server } = setup({
      change: () => Reply.error('PREVIEW_EXPIRED', 'Prices moved; review the new total.'),
    });
    await user.click(await screen.findByRole('radio', { name: /Pro Yearly/ }));
    await confirmWhenReady(user, 'Switch to yearly');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Prices changed while you were deciding. Check the new amount and confirm again.',
    );
    await waitFor(() => expect(server.calls.filter((c) => c.route === 'preview')).toHaveLength(2));
  });

  it('offers no plans to a user without a subscription (each would end in 409 NO_SUBSCRIPTION)', async () => {
    const { container } = setup({ status: fixtures.status.free });
    const region = screen.getByRole('region', { name: 'Change plan' });
    await waitFor(() => expect(region).toHaveAttribute('data-state', 'unavailable'));
    expect(region).toHaveTextContent(
      'You have no subscription to change yet — choose a plan first.',
    );
    expect(screen.queryByRole('radio')).toBeNull();
    await expectNoAxeViolations(container);
  });

  it('shows why it cannot load, with a retry', async () => {
    let fail = true;
    const server = contractServer({
      plans: () =>
        fail
          ? Reply.error('UNAUTHENTICATED', 'Sign in to change your plan.')
          : fixtures.plans.usdCurrentPro,
      status: () => fixtures.status.activeMonthly,
    });
    const { user } = renderWithBilling(<PlanSwitcher />, { fetch: server.fetch });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Your session has ended. Sign in again to manage billing.');
    expect(screen.getByRole('region', { name: 'Change plan' })).toHaveAttribute(
      'data-state',
      'error',
    );
    fail = false;
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(
      await screen.findByRole('group', { name: 'Plan and billing period' }),
    ).toBeInTheDocument();
  });

  it('is controlled through value / onValueChange', async () => {
    const seen: string[] = [];
    const server = contractServer({
      plans: () => fixtures.plans.usdCurrentPro,
      status: () => fixtures.status.activeMonthly,
      preview: previewFor,
    });
    const { user } = renderWithBilling(
      <PlanSwitcher
        value={{ plan: 'starter', interval: 'year' }}
        onValueChange={(v) => seen.push(`${v?.plan}/${v?.interval}`)}
      />,
      { fetch: server.fetch },
    );
    const starterYear = await screen.findByRole('radio', { name: /Starter Yearly/ });
    expect(starterYear).toBeChecked();
    await user.click(screen.getByRole('radio', { name: /Enterprise Monthly/ }));
    expect(seen).toEqual(['enterprise/month']);
    expect(starterYear).toBeChecked();
  });

  it('drops a scheduled downgrade', async () => {
    const { user, server } = setup({ status: fixtures.status.downgradeScheduled });
    const note = await screen.findByText('Changing to Starter on Dec 15, 2026.');
    await user.click(screen.getByRole('button', { name: 'Keep my current plan' }));
    await waitFor(() => expect(note).not.toBeInTheDocument());
    expect(server.calls.find((c) => c.route === 'resume')?.body).toEqual({
      undo: 'scheduled_change',
    });
  });

  it('shows what keeping the plan bills — discount, tax, amount and date — before resuming from the keyboard', async () => {
    const { user, server, container } = setup({
      status: fixtures.status.downgradeScheduledDiscounted,
    });
    const kept = fixtures.preview.resume;
    const bill = await screen.findByText('Next bill if you keep Pro');
    expect(bill.closest('[data-line="kept"]')).toHaveTextContent(
      `Next bill if you keep Pro$${(kept.nextBillAmount / 100).toFixed(2)} on Dec 15, 2026`,
    );
    const scheduled = bill.closest('.tg-scheduled') as HTMLElement;
    expect(within(scheduled).getByText('Changing to Starter on Dec 15, 2026.')).toBeVisible();
    expect(
      within(scheduled).getByText('20% off for 3 months with LAUNCH20 (until Feb 27, 2027)'),
    ).toBeVisible();
    expect(within(scheduled).getByText('Sales tax (8.25%)')).toBeVisible();
    expect(server.calls.find((c) => c.route === 'preview')?.body).toEqual({
      kind: 'resume',
      undo: 'scheduled_change',
    });
    await expectNoAxeViolations(container);
    await keepByKeyboard({ user, server }, scheduled);
  });

  it('says when what keeping the plan bills cannot be calculated, and still keeps it from the keyboard', async () => {
    const { user, server, container } = setup({
      status: fixtures.status.downgradeScheduledDiscounted,
      preview: (body) =>
        (body as PreviewRequest).kind === 'resume'
          ? Reply.error(
              'PLAN_UNCHANGED',
              'Nothing to resume: your subscription has no scheduled change.',
            )
          : previewFor(body),
    });
    const note = await screen.findByText('The amount for this change could not be calculated.');
    const scheduled = note.closest('.tg-scheduled') as HTMLElement;
    expect(within(scheduled).queryByText(/Next bill if you keep/)).toBeNull();
    await expectNoAxeViolations(container);
    await keepByKeyboard({ user, server }, scheduled);
  });

  it('a downgrade on a subscription set to end asks to keep it first, previews nothing, and is previewed once kept from the keyboard', async () => {
    const { user, server, container } = setup({ status: fixtures.status.cancelPending });
    const region = await screen.findByRole('region', { name: 'Change plan' });
    const scheduled = await waitFor(() => {
      const element = container.querySelector<HTMLElement>('[data-undo="cancellation"]');
      if (!element) throw new Error('no pending cancellation shown yet');
      return element;
    });
    expect(scheduled).toHaveTextContent('Your subscription ends on Dec 15, 2026.');
    await user.click(screen.getByRole('radio', { name: /Starter Monthly/ }));
    expect(region).toHaveAttribute('data-state', 'cancel_pending');
    expect(screen.getByText('Keep your subscription to schedule this change.')).toBeVisible();
    expect(screen.queryByText('You are already on this plan.')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Schedule downgrade' })).toBeNull();
    expect(
      server.calls.filter(
        (c) => c.route === 'preview' && (c.body as PreviewRequest).kind !== 'resume',
      ),
    ).toEqual([]);
    await expectNoAxeViolations(container);
    within(scheduled).getByRole('button', { name: 'Keep subscription' }).focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(region).toHaveAttribute('data-state', 'ready'));
    expect(server.calls.find((c) => c.route === 'resume')?.body).toEqual({ undo: 'cancellation' });
    expect(screen.getByRole('button', { name: 'Schedule downgrade' })).toBeInTheDocument();
    expect(screen.queryByText('Keep your subscription to schedule this change.')).toBeNull();
  });

  it('an upgrade on a subscription set to end is previewed as usual, the end date still shown', async () => {
    const { user, container } = setup({ status: fixtures.status.cancelPending });
    await user.click(await screen.findByRole('radio', { name: /Enterprise Monthly/ }));
    const region = screen.getByRole('region', { name: 'Change plan' });
    await waitFor(() => expect(region).toHaveAttribute('data-state', 'ready'));
    expect(screen.getByRole('button', { name: 'Upgrade now' })).toBeInTheDocument();
    expect(container.querySelector('[data-undo="cancellation"]')).toHaveTextContent(
      'Your subscription ends on Dec 15, 2026.',
    );
  });

  it("shows the subscription's discount, its terms and end, on the current plan", async () => {
    setup({ status: fixtures.status.discounted });
    expect(
      await screen.findByRole('radio', {
        name: /Pro Monthly \$29 \/ month Current plan\s*Your discount: 20% off for 3 months with LAUNCH20 \(until Feb 27, 2027\)/,
      }),
    ).toBeDisabled();
    // Another plan shows no discount of its own.
    expect(
      screen.getByRole('radio', { name: /Starter Monthly/ }).closest('label'),
    ).not.toHaveTextContent('Your discount');
  });

  it('says so when the catalog sells no paid plan', async () => {
    const server = contractServer({
      plans: () => ({
        ...fixtures.plans.usd,
        plans: fixtures.plans.usd.plans.filter((p) => p.free),
      }),
      status: () => fixtures.status.activeMonthly,
    });
    renderWithBilling(<PlanSwitcher />, { fetch: server.fetch });
    expect(await screen.findByText('There are no paid plans to change to.')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Change plan' })).toHaveAttribute(
      'data-state',
      'empty',
    );
  });
});
