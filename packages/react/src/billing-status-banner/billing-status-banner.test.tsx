import { screen, waitFor } from '@testing-library/react';
import type { Alert } from '@tollgate/core';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../../test/axe';
import { contractServer, Reply, statusCell } from '../../test/contract-server';
import { alertStatuses, plans, status } from '../../test/fixtures';
import { renderWithBilling } from '../../test/render';
import { stripeDouble } from '../../test/stripe-double';
import { BillingStatusBanner } from './billing-status-banner';

const cases: [Alert['type'], 'alert' | 'status', RegExp, string | null][] = [
  ['action_required', 'alert', /confirm a payment of \$20\.00/, 'Confirm payment'],
  ['payment_failed', 'alert', /attempt 2 failed\. We will retry on Dec 1, 2026/, 'Update card'],
  ['access_ended', 'alert', /has ended/, 'Choose a plan'],
  ['incomplete', 'alert', /first payment is unfinished/, 'Finish payment'],
  ['trial_ending', 'status', /trial ends on Nov 29, 2026/, 'Add payment method'],
  ['cancel_pending', 'status', /ends on Dec 27, 2026/, 'Resume subscription'],
  ['downgrade_scheduled', 'status', /changes to Pro on Dec 27, 2026/, 'Undo change'],
];

describe('BillingStatusBanner', () => {
  it.each(cases)('%s: role=%s, message and action', async (type, role, message, action) => {
    const server = contractServer({ status: () => alertStatuses[type], plans: () => plans });
    const { container } = renderWithBilling(<BillingStatusBanner />, { fetch: server.fetch });
    const banner = await screen.findByRole(role, { name: '' });
    await waitFor(() => expect(banner).toHaveTextContent(message));
    expect(banner).toHaveAttribute('data-alert', type);
    expect(banner).toHaveAttribute('data-status', alertStatuses[type].status);
    if (action) {
      const control =
        screen.queryByRole('button', { name: action }) ??
        screen.getByRole('link', { name: action });
      expect(control).toBeInTheDocument();
    }
    await expectNoAxeViolations(container);
  });

  it('renders an empty live region when there is nothing to say', async () => {
    const server = contractServer({ status: () => status() });
    renderWithBilling(<BillingStatusBanner />, { fetch: server.fetch });
    await waitFor(() => expect(server.calls).toHaveLength(1));
    const region = screen.getByRole('status');
    expect(region).toBeEmptyDOMElement();
    expect(region).toHaveAttribute('data-state', 'empty');
  });

  it('shows only the most urgent alert', async () => {
    const both = status({
      status: 'past_due',
      alerts: [...alertStatuses.payment_failed.alerts, ...alertStatuses.cancel_pending.alerts],
    });
    const server = contractServer({ status: () => both });
    renderWithBilling(<BillingStatusBanner />, { fetch: server.fetch });
    expect(await screen.findByRole('alert')).toHaveTextContent(/attempt 2 failed/);
    expect(screen.queryByText(/ends on Dec 27/)).toBeNull();
  });

  it('dismisses per alert with the keyboard, then shows the next one', async () => {
    const both = status({
      alerts: [...alertStatuses.trial_ending.alerts, ...alertStatuses.cancel_pending.alerts],
    });
    const server = contractServer({ status: () => both });
    const { user } = renderWithBilling(<BillingStatusBanner />, { fetch: server.fetch });
    await screen.findByText(/trial ends/);
    await user.tab();
    await user.tab();
    expect(screen.getByRole('button', { name: 'Dismiss' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(screen.queryByText(/trial ends/)).toBeNull();
    expect(screen.getByRole('status')).toHaveTextContent(/subscription ends on Dec 27/);
  });

  it('payment failed: "Update card" opens the portal at the payment-method flow', async () => {
    const server = contractServer({
      status: () => alertStatuses.payment_failed,
      portal: () => ({ url: 'https://portal.example/pm' }),
    });
    const { user, navigations } = renderWithBilling(<BillingStatusBanner returnPath="/billing" />, {
      fetch: server.fetch,
    });
    await user.click(await screen.findByRole('button', { name: 'Update card' }));
    await waitFor(() => expect(navigations).toEqual(['https://portal.example/pm']));
    expect(server.calls.find((c) => c.route === 'portal')?.body).toEqual({
      flow: 'payment_method_update',
      returnPath: '/billing',
    });
  });

  it('cancel pending: "Resume subscription" resumes and the alert goes away', async () => {
    const cell = statusCell(alertStatuses.cancel_pending);
    const server = contractServer({
      status: () => cell.get(),
      resume: () => {
        cell.set(status());
        return cell.get();
      },
    });
    const { user } = renderWithBilling(<BillingStatusBanner />, { fetch: server.fetch });
    await user.click(await screen.findByRole('button', { name: 'Resume subscription' }));
    await waitFor(() => expect(screen.getByRole('status')).toBeEmptyDOMElement());
    expect(server.calls.find((c) => c.route === 'resume')?.body).toEqual({ undo: 'cancellation' });
  });

  it('downgrade scheduled: "Undo change" drops the scheduled change', async () => {
    const cell = statusCell(alertStatuses.downgrade_scheduled);
    const server = contractServer({
      status: () => cell.get(),
      plans: () => plans,
      resume: () => {
        cell.set(status({ plan: 'team' }));
        return cell.get();
      },
    });
    const { user } = renderWithBilling(<BillingStatusBanner />, { fetch: server.fetch });
    await user.click(await screen.findByRole('button', { name: 'Undo change' }));
    await waitFor(() => expect(screen.getByRole('status')).toBeEmptyDOMElement());
    expect(server.calls.find((c) => c.route === 'resume')?.body).toEqual({
      undo: 'scheduled_change',
    });
  });

  it('action required: confirms the payment in place with stripe.js', async () => {
    const cell = statusCell(alertStatuses.action_required);
    const { stripe, confirmed } = stripeDouble('succeeded', () => cell.set(status()));
    const server = contractServer({ status: () => cell.get() });
    const { user } = renderWithBilling(<BillingStatusBanner />, {
      fetch: server.fetch,
      stripe: Promise.resolve(stripe),
    });
    await user.click(await screen.findByRole('button', { name: 'Confirm payment' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(confirmed).toEqual(['pi_sca_secret_abc']);
  });

  it('action required: a failed authentication is reported plainly', async () => {
    const { stripe } = stripeDouble('failed');
    const server = contractServer({ status: () => alertStatuses.action_required });
    const { user } = renderWithBilling(<BillingStatusBanner />, {
      fetch: server.fetch,
      stripe: Promise.resolve(stripe),
    });
    await user.click(await screen.findByRole('button', { name: 'Confirm payment' }));
    const banner = screen.getByRole('alert');
    await waitFor(() => expect(banner).toHaveAttribute('data-state', 'error'));
    expect(banner).toHaveTextContent(/unable to authenticate your payment method/);
  });

  it('regression: action required without stripe configured links to the hosted invoice page', async () => {
    const server = contractServer({ status: () => alertStatuses.action_required });
    renderWithBilling(<BillingStatusBanner />, { fetch: server.fetch });
    expect(await screen.findByRole('link', { name: 'Confirm payment' })).toHaveAttribute(
      'href',
      'https://invoice.example/in_1',
    );
    expect(screen.queryByRole('button', { name: 'Confirm payment' })).toBeNull();
  });

  it('action required without stripe configured nor a hosted page says how to fix it', async () => {
    const base = alertStatuses.action_required;
    const alert = { ...base.alerts[0]!, hostedInvoiceUrl: null } as (typeof base.alerts)[number];
    const server = contractServer({ status: () => ({ ...base, alerts: [alert] }) });
    const { user } = renderWithBilling(<BillingStatusBanner />, { fetch: server.fetch });
    await user.click(await screen.findByRole('button', { name: 'Confirm payment' }));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent(/publishable key/));
  });

  it('an action that fails on the server shows its message', async () => {
    const server = contractServer({
      status: () => alertStatuses.cancel_pending,
      resume: () => Reply.error('STRIPE_UNAVAILABLE', 'Stripe is unavailable, try again shortly.'),
    });
    const { user } = renderWithBilling(<BillingStatusBanner />, { fetch: server.fetch });
    await user.click(await screen.findByRole('button', { name: 'Resume subscription' }));
    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent(
        'Stripe is unavailable, try again shortly.',
      ),
    );
  });

  it('access ended: "Choose a plan" links to choosePlanHref, or calls onChoosePlan', async () => {
    const server = contractServer({ status: () => alertStatuses.access_ended });
    renderWithBilling(<BillingStatusBanner choosePlanHref="/plans" />, { fetch: server.fetch });
    expect(await screen.findByRole('link', { name: 'Choose a plan' })).toHaveAttribute(
      'href',
      '/plans',
    );
  });

  it('incomplete: "Finish payment" links to the hosted invoice', async () => {
    const server = contractServer({ status: () => alertStatuses.incomplete });
    renderWithBilling(<BillingStatusBanner />, { fetch: server.fetch });
    expect(await screen.findByRole('link', { name: 'Finish payment' })).toHaveAttribute(
      'href',
      'https://invoice.example/in_3',
    );
  });

  it('uses overridden labels and drops class names when unstyled', async () => {
    const server = contractServer({ status: () => alertStatuses.cancel_pending });
    renderWithBilling(<BillingStatusBanner />, {
      fetch: server.fetch,
      unstyled: true,
      labels: { resume: 'Reprendre', cancelPending: (d) => `Se termine le ${d}.` },
      locale: 'fr-FR',
    });
    const banner = await screen.findByRole('status');
    await waitFor(() => expect(banner).toHaveTextContent('Se termine le 27 déc. 2026.'));
    expect(screen.getByRole('button', { name: 'Reprendre' })).toBeInTheDocument();
    expect(banner).not.toHaveAttribute('class');
  });
});
