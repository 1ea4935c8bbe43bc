import type { loadStripe, Stripe } from '@stripe/stripe-js';
import { render, screen, waitFor } from '@testing-library/react';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { contractServer, statusCell } from '../../test/contract-server';
import { alertStatuses, freeStatus, status } from '../../test/fixtures';
import { renderWithBilling } from '../../test/render';
import { BillingProvider } from '../provider/billing-provider';
import type { StripeLike, StripeOption } from '../provider/stripe';
import { BillingStatusBanner } from './billing-status-banner';

afterEach(() => window.history.replaceState(null, '', '/'));

describe('BillingStatusBanner states', () => {
  it('says the subscription is being confirmed after a return from checkout, then shows nothing', async () => {
    window.history.replaceState(null, '', '/billing?session_id=cs_test_9');
    let polls = 0;
    const server = contractServer({
      status: () => {
        polls += 1;
        return polls < 2 ? freeStatus : status();
      },
    });
    render(
      <BillingProvider fetch={server.fetch} checkoutReturn={{ interval: 5 }}>
        <BillingStatusBanner />
      </BillingProvider>,
    );
    const region = screen.getByRole('status');
    expect(region).toHaveTextContent('Confirming your subscription…');
    expect(region).toHaveAttribute('data-return', 'polling');
    await waitFor(() => expect(screen.getByRole('status')).toHaveAttribute('data-state', 'empty'));
  });

  it('says plainly when the subscription takes too long to appear', async () => {
    window.history.replaceState(null, '', '/billing?session_id=cs_test_10');
    const server = contractServer({ status: () => freeStatus });
    render(
      <BillingProvider fetch={server.fetch} checkoutReturn={{ interval: 5, maxAttempts: 2 }}>
        <BillingStatusBanner />
      </BillingProvider>,
    );
    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveAttribute('data-return', 'timed_out'),
    );
    expect(screen.getByRole('status')).toHaveTextContent(/will appear shortly/);
  });

  it('shows a pending action while the request runs, and ignores repeat presses', async () => {
    let release: () => void = () => {};
    const cell = statusCell(alertStatuses.cancel_pending);
    const server = contractServer({
      status: () => cell.get(),
      resume: () =>
        new Promise((resolve) => {
          release = () => {
            cell.set(status());
            resolve(cell.get());
          };
        }),
    });
    const { user } = renderWithBilling(<BillingStatusBanner />, { fetch: server.fetch });
    const button = await screen.findByRole('button', { name: 'Keep subscription' });
    await user.click(button);
    await waitFor(() => expect(button).toHaveAttribute('aria-disabled', 'true'));
    expect(button).toHaveTextContent('Working…');
    expect(screen.getByRole('status')).toHaveAttribute('data-state', 'pending');
    await user.click(button);
    release();
    await waitFor(() => expect(screen.getByRole('status')).toHaveAttribute('data-state', 'empty'));
    expect(server.calls.filter((c) => c.route === 'resume')).toHaveLength(1);
  });

  it('calls onChoosePlan instead of linking when given', async () => {
    const chosen: string[] = [];
    const server = contractServer({ status: () => alertStatuses.access_ended });
    const { user } = renderWithBilling(
      <BillingStatusBanner onChoosePlan={() => chosen.push('plans')} />,
      { fetch: server.fetch },
    );
    await user.click(await screen.findByRole('button', { name: 'Choose a plan' }));
    expect(chosen).toEqual(['plans']);
  });

  it('renders the alert on the server with initialStatus', () => {
    const server = contractServer({});
    const html = renderToString(
      <BillingProvider fetch={server.fetch} initialStatus={alertStatuses.payment_failed}>
        <BillingStatusBanner />
      </BillingProvider>,
    );
    expect(html).toContain('role="alert"');
    expect(html).toContain('data-alert="payment_failed"');
    expect(html).toContain('Your payment of $20 failed.');
    expect(server.calls).toEqual([]);
  });

  it('accepts a real stripe.js instance type as its stripe option', () => {
    // Type-level, enforced by `pnpm typecheck`: stripe.js's own Stripe satisfies the minimal
    // StripeLike, so a loadStripe() promise is a valid `stripe` option.
    expectTypeOf<Stripe>().toExtend<StripeLike>();
    expectTypeOf<ReturnType<typeof loadStripe>>().toExtend<StripeOption>();
  });
});
