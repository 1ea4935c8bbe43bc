import { screen } from '@testing-library/react';
import { fixtures } from '@tollgate/core/fixtures';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../../test/axe';
import { contractServer, Reply } from '../../test/contract-server';
import { renderWithBilling } from '../../test/render';
import { UsageMeter } from './usage-meter';

const serve = (usage: unknown) => contractServer({ usage: () => usage });

describe('UsageMeter', () => {
  it('shows a meter per plan meter: usage of the included amount as an ARIA meter, overage and charge', async () => {
    const { container } = renderWithBilling(<UsageMeter />, {
      fetch: serve(fixtures.usage.exceeded).fetch,
    });
    const bar = await screen.findByRole('meter', { name: 'API calls' });
    const region = screen.getByRole('region', { name: 'Usage this period' });
    expect(region).toHaveTextContent('Nov 15, 2026 – Dec 15, 2026');
    expect(bar).toHaveAttribute('aria-valuetext', '12,340 of 10,000 API calls');
    expect(bar).toHaveAttribute('data-state', 'exceeded');
    expect(screen.getByText('$46.80 over')).toBeInTheDocument();
    expect(screen.getByText('240 still being recorded')).toBeInTheDocument();
    expect(screen.getByText(/Past your plan’s included amount/)).toBeInTheDocument();
    expect(screen.getByRole('meter', { name: 'exports' })).toHaveAttribute('data-state', 'ok');
    await expectNoAxeViolations(container);
  });

  it('warns near the limit and blocks at a hard one, with an upgrade link reached by keyboard', async () => {
    const { user } = renderWithBilling(<UsageMeter upgradeHref="/pricing?from=usage" />, {
      fetch: serve(fixtures.usage.blocked).fetch,
    });
    await screen.findByRole('meter', { name: 'exports' });
    expect(screen.getByText(/Limit reached/)).toBeInTheDocument();
    await user.tab();
    const upgrade = screen.getByRole('link', { name: 'Upgrade plan' });
    expect(upgrade).toHaveFocus();
    expect(upgrade).toHaveAttribute('href', '/pricing?from=usage');
  });

  it('shows an unlimited meter as a count with no limit and no notice', async () => {
    renderWithBilling(<UsageMeter />, { fetch: serve(fixtures.usage.unlimited).fetch });
    expect(await screen.findByText('48,210 API calls')).toBeInTheDocument();
    expect(screen.getByText('Unlimited')).toBeInTheDocument();
    expect(screen.queryByRole('link')).toBeNull();
  });

  it('says when the plan has no metered features', async () => {
    renderWithBilling(<UsageMeter />, { fetch: serve(fixtures.usage.none).fetch });
    expect(await screen.findByText('Your plan has no metered features.')).toBeInTheDocument();
  });

  it('offers a retry when usage cannot be loaded, and recovers', async () => {
    let fail = true;
    const server = contractServer({
      usage: () => (fail ? Reply.error('INTERNAL_ERROR') : fixtures.usage.ok),
    });
    const { user } = renderWithBilling(<UsageMeter />, { fetch: server.fetch });
    const retry = await screen.findByRole('button', { name: 'Try again' });
    fail = false;
    await user.click(retry);
    expect(await screen.findByRole('meter', { name: 'API calls' })).toHaveAttribute(
      'aria-valuetext',
      '3,160 of 10,000 API calls',
    );
  });

  it('composes from parts: only the chosen meters, in the given layout', async () => {
    renderWithBilling(
      <UsageMeter.Root meters={['exports']}>
        {(usage) =>
          usage.meters.map((m) => (
            <UsageMeter.Meter key={m.meter} meter={m}>
              <UsageMeter.Label />
              <UsageMeter.Bar />
            </UsageMeter.Meter>
          ))
        }
      </UsageMeter.Root>,
      { fetch: serve(fixtures.usage.warning).fetch },
    );
    expect(await screen.findByRole('meter', { name: 'exports' })).toBeInTheDocument();
    expect(screen.queryByRole('meter', { name: 'API calls' })).toBeNull();
  });
});
