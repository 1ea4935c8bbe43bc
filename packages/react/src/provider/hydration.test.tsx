import { act } from '@testing-library/react';
import { fixtures } from '@tollgate/core/fixtures';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { contractServer } from '../../test/contract-server';
import { BillingProvider } from './billing-provider';
import { useCheckoutReturn } from './use-checkout-return';

function Probe() {
  return <p data-state={useCheckoutReturn()}>return</p>;
}

afterEach(() => {
  window.history.replaceState(null, '', '/');
  vi.restoreAllMocks();
});

describe('BillingProvider hydration', () => {
  it('BillingProvider reads window.location during first render: a return from Checkout hydrates without a mismatch', async () => {
    const server = contractServer({ status: () => fixtures.status.activeMonthly });
    const app = (
      <BillingProvider
        fetch={server.fetch}
        initialStatus={fixtures.status.free}
        checkoutReturn={{ interval: 5 }}
      >
        <Probe />
      </BillingProvider>
    );
    // The server has no URL: it renders the provider idle.
    const html = renderToString(app);
    expect(html).toContain('data-state="idle"');

    window.history.replaceState(null, '', '/billing?session_id=cs_test_hydrate');
    const container = document.createElement('div');
    container.innerHTML = html;
    document.body.append(container);
    const errors: unknown[] = [];
    vi.spyOn(console, 'error').mockImplementation((...args) => errors.push(args));
    await act(async () => {
      hydrateRoot(container, app, { onRecoverableError: (error) => errors.push(error) });
    });
    expect(errors).toEqual([]);
    // After hydration the provider notices the return and polls until the subscription shows.
    await vi.waitFor(() =>
      expect(container.querySelector('p')).toHaveAttribute('data-state', 'complete'),
    );
    container.remove();
  });
});
