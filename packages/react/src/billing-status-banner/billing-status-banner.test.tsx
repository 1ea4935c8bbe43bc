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
  ['action_required', 'alert', /confirm a payment of \$20\./, 'Confirm payment'],
  [
    'payment_failed',
    'alert',
    /Your payment of \$20 failed\. Update your card before Dec 1, 2026, when we try again\./,
    'Update card',
  ],
  ['access_ended', 'status', /has ended/, 'Choose a plan'],
  ['incomplete', 'alert', /Complete it by Nov 28, 2026/, 'Complete payment'],
  [
    'trial_ending',
    'status',
    /trial ends on Nov 29, 2026\. Add a payment method to keep your plan\./,
    'Add payment method',
  ],
  ['cancel_pending', 'status', /ends on Dec 27, 2026/, 'Keep subscription'],
  ['downgrade_scheduled', 'status', /changes to Pro on Dec 27, 2026/, 'Keep current plan'],
];

const severity: Record<Alert['type'], string> = {
  action_required: 'critical',
  payment_failed: 'critical',
  access_ended: 'warning',
  incomplete: 'critical',
  trial_ending: 'warning',
  cancel_pending: 'warning',
  downgrade_scheduled: 'info',
};

describe('BillingStatusBanner', () => {
  it.each(cases)('%s: role=%s, message and action', async (type, role, message, action) => {
    const server = contractServer({ status: () => alertStatuses[type], plans: () => plans });
    const { container } = renderWithBilling(<BillingStatusBanner />, { fetch: server.fetch });
    const banner = await screen.findByRole(role, { name: '' });
    await waitFor(() => expect(banner).toHaveTextContent(message));
    expect(banner).toHaveAttribute('data-alert', type);
    expect(banner).toHaveAttribute('data-status', alertStatuses[type].status);
    expect(banner).toHaveAttribute('data-severity', severity[type]);
    expect(banner.querySelector('svg[aria-hidden="true"]')).not.toBeNull();
    // Only informational alerts can be dismissed.
    expect(screen.queryByRole('button', { name: 'Dismiss' }) !== null).toBe(
      severity[type] === 'info',
    );
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
    const region = screen.getByRole('status');
    await waitFor(() => expect(region).toHaveAttribute('data-state', 'empty'));
    expect(region).toBeEmptyDOMElement();
  });

  it('clears a confirm-payment alert by itself once the payment went through elsewhere', async () => {
    // The customer confirmed on Stripe's page or in their bank's app; the webhook lands later.
    const cell = statusCell(alertStatuses.action_required);
    const server = contractServer({ status: () => cell.get() });
    renderWithBilling(<BillingStatusBanner />, { fetch: server.fetch });
    await screen.findByRole('alert');
    cell.set(status());
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull(), { timeout: 5000 });
    expect(server.calls.filter((c) => c.route === 'status').length).toBeGreaterThan(1);
  });

  it('shows only the most urgent alert', async () => {
    const both = status({
      status: 'past_due',
      alerts: [...alertStatuses.payment_failed.alerts, ...alertStatuses.cancel_pending.alerts],
    });
    const server = contractServer({ status: () => both });
    renderWithBilling(<BillingStatusBanner />, { fetch: server.fetch });
    expect(await screen.findByRole('alert')).toHaveTextContent(/payment of \$20 failed/);
    expect(screen.queryByText(/ends on Dec 27/)).toBeNull();
  });

  it('dismisses an informational alert with the keyboard, then shows the next one', async () => {
    const both = status({
      alerts: [
        { type: 'trial_ending', endsAt: '2026-11-29T12:00:00.000Z', hasPaymentMethod: true },
        ...alertStatuses.cancel_pending.alerts,
      ],
    });
    const server = contractServer({ status: () => both });
    const { user } = renderWithBilling(<BillingStatusBanner />, { fetch: server.fetch });
    await screen.findByText('Your trial ends on Nov 29, 2026.');
    await user.tab();
    expect(screen.getByRole('button', { name: 'Dismiss' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(screen.queryByText(/trial ends/)).toBeNull();
    expect(screen.getByRole('status')).toHaveTextContent(/subscription ends on Dec 27/);
    expect(screen.queryByRole('button', { name: 'Dismiss' })).toBeNull();
  });

  it('regression: an urgent alert (payment failed) offers no Dismiss even when dismissible', async () => {
    const server = contractServer({ status: () => alertStatuses.payment_failed });
    renderWithBilling(<BillingStatusBanner dismissible />, { fetch: server.fetch });
    await screen.findByRole('alert');
    expect(screen.queryByRole('button', { name: 'Dismiss' })).toBeNull();
  });

  it('says when status could not be loaded, with a retry, and is quiet while loading', async () => {
    let fail = true;
    const server = contractServer({
      status: () => (fail ? Reply.error('INTERNAL_ERROR') : alertStatuses.cancel_pending),
    });
    const { user } = renderWithBilling(<BillingStatusBanner />, { fetch: server.fetch });
    expect(screen.getByRole('status')).toHaveAttribute('data-state', 'loading');
    expect(screen.getByRole('status')).toBeEmptyDOMElement();
    const region = await screen.findByText('Your billing status could not be loaded.');
    expect(region.closest('[data-state]')).toHaveAttribute('data-state', 'error');
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText(/ends on Dec 27, 2026/)).toBeInTheDocument();
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

  it('cancel pending: "Keep subscription" resumes and the alert goes away', async () => {
    const cell = statusCell(alertStatuses.cancel_pending);
    const server = contractServer({
      status: () => cell.get(),
      resume: () => {
        cell.set(status());
        return cell.get();
      },
    });
    const { user } = renderWithBilling(<BillingStatusBanner />, { fetch: server.fetch });
    await user.click(await screen.findByRole('button', { name: 'Keep subscription' }));
    await waitFor(() => expect(screen.getByRole('status')).toBeEmptyDOMElement());
    expect(server.calls.find((c) => c.route === 'resume')?.body).toEqual({ undo: 'cancellation' });
  });

  it('downgrade scheduled: "Keep current plan" drops the scheduled change', async () => {
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
    await user.click(await screen.findByRole('button', { name: 'Keep current plan' }));
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
    expect(banner).toHaveTextContent('Your payment did not go through.');
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

  it('action required without stripe configured nor a hosted page reports a setup problem', async () => {
    const base = alertStatuses.action_required;
    const alert = { ...base.alerts[0]!, hostedInvoiceUrl: null } as (typeof base.alerts)[number];
    const server = contractServer({ status: () => ({ ...base, alerts: [alert] }) });
    const { user } = renderWithBilling(<BillingStatusBanner />, { fetch: server.fetch });
    await user.click(await screen.findByRole('button', { name: 'Confirm payment' }));
    await waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent(
        'Billing is not set up correctly. Contact support.',
      ),
    );
  });

  it('an action that fails on the server shows the label for its code', async () => {
    const server = contractServer({
      status: () => alertStatuses.cancel_pending,
      resume: () => Reply.error('STRIPE_UNAVAILABLE', 'Stripe is unavailable, try again shortly.'),
    });
    const { user } = renderWithBilling(<BillingStatusBanner />, { fetch: server.fetch });
    await user.click(await screen.findByRole('button', { name: 'Keep subscription' }));
    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent(
        'Our payment provider is not answering. Try again in a moment.',
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

  it('incomplete: "Complete payment" links to the hosted invoice', async () => {
    const server = contractServer({ status: () => alertStatuses.incomplete });
    renderWithBilling(<BillingStatusBanner />, { fetch: server.fetch });
    expect(await screen.findByRole('link', { name: 'Complete payment' })).toHaveAttribute(
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

  it('says access is paused when a failed payment already cost it (unpaid)', async () => {
    const unpaid = status({
      status: 'unpaid',
      access: 'none',
      alerts: alertStatuses.payment_failed.alerts,
    });
    const server = contractServer({ status: () => unpaid });
    renderWithBilling(<BillingStatusBanner />, { fetch: server.fetch });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Access paused: your payment of $20 failed. Update your card to restore access.',
    );
  });
});
