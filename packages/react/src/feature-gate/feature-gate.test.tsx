import { screen } from '@testing-library/react';
import { fixtures } from '@tollgate/core/fixtures';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { contractServer, Reply } from '../../test/contract-server';
import { freeStatus, status } from '../../test/fixtures';
import { renderWithBilling } from '../../test/render';
import { BillingProvider } from '../provider/billing-provider';
import { FeatureGate } from './feature-gate';

const gate = (
  <FeatureGate
    feature="api_access"
    fallback={<p>Upgrade for API access</p>}
    loading={<p>Checking…</p>}
  >
    <p>API keys</p>
  </FeatureGate>
);

describe('FeatureGate', () => {
  it('with a meter, closes once a hard limit is reached this period and opens while under it', async () => {
    const exportGate = (
      <FeatureGate feature="api_access" meter="exports" fallback={<p>Export limit reached</p>}>
        <button type="button">Export</button>
      </FeatureGate>
    );
    const blocked = contractServer({ status: () => status(), usage: () => fixtures.usage.blocked });
    const first = renderWithBilling(exportGate, { fetch: blocked.fetch });
    expect(await screen.findByText('Export limit reached')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Export' })).toBeNull();
    first.unmount();
    const under = contractServer({ status: () => status(), usage: () => fixtures.usage.warning });
    renderWithBilling(exportGate, { fetch: under.fetch });
    expect(await screen.findByRole('button', { name: 'Export' })).toBeInTheDocument();
  });

  it('with a meter on a soft limit, stays open past the included amount (the overage is billed)', async () => {
    const server = contractServer({ status: () => status(), usage: () => fixtures.usage.exceeded });
    renderWithBilling(
      <FeatureGate feature="api_access" meter="api_calls" fallback={<p>No more calls</p>}>
        <p>Call the API</p>
      </FeatureGate>,
      { fetch: server.fetch },
    );
    expect(await screen.findByText('Call the API')).toBeInTheDocument();
  });

  it('shows the content when the plan grants the feature', async () => {
    const server = contractServer({ status: () => status() });
    renderWithBilling(gate, { fetch: server.fetch });
    expect(await screen.findByText('API keys')).toBeInTheDocument();
    expect(screen.queryByText('Upgrade for API access')).toBeNull();
  });

  it('shows the fallback when the plan lacks it', async () => {
    const server = contractServer({ status: () => freeStatus });
    renderWithBilling(gate, { fetch: server.fetch });
    expect(await screen.findByText('Upgrade for API access')).toBeInTheDocument();
    expect(screen.queryByText('API keys')).toBeNull();
  });

  /** A canceled subscription as the server sends it: access none, the free plan in effect. */
  const canceled = () =>
    status({
      status: 'canceled',
      access: 'none',
      plan: 'free',
      interval: null,
      entitlements: freeStatus.entitlements,
    });

  it('shows the fallback when access has ended and the free plan lacks the feature', async () => {
    const server = contractServer({ status: canceled });
    renderWithBilling(gate, { fetch: server.fetch });
    expect(await screen.findByText('Upgrade for API access')).toBeInTheDocument();
  });

  it("a canceled customer keeps the free plan's allowance (issue 14 #11)", async () => {
    const server = contractServer({ status: canceled });
    renderWithBilling(
      <FeatureGate feature="projects" usage={0} fallback={<p>Limit reached</p>}>
        <button type="button">New project</button>
      </FeatureGate>,
      { fetch: server.fetch },
    );
    expect(await screen.findByRole('button', { name: 'New project' })).toBeInTheDocument();
    expect(screen.queryByText('Limit reached')).toBeNull();
  });

  it('shows neither locked nor unlocked content while loading', () => {
    const server = contractServer({ status: () => new Promise(() => {}) });
    renderWithBilling(gate, { fetch: server.fetch });
    expect(screen.getByText('Checking…')).toBeInTheDocument();
    expect(screen.queryByText('API keys')).toBeNull();
    expect(screen.queryByText('Upgrade for API access')).toBeNull();
  });

  it('fails closed to the fallback when status cannot be loaded', async () => {
    const server = contractServer({ status: () => Reply.error('UNAUTHENTICATED') });
    renderWithBilling(gate, { fetch: server.fetch });
    expect(await screen.findByText('Upgrade for API access')).toBeInTheDocument();
    expect(screen.queryByText('API keys')).toBeNull();
  });

  it('opens a limit while usage is under it and closes at the limit', async () => {
    const server = contractServer({ status: () => status() });
    const { rerender } = renderWithBilling(
      <FeatureGate feature="projects" usage={9} fallback={<p>Limit reached</p>}>
        <button type="button">New project</button>
      </FeatureGate>,
      { fetch: server.fetch, initialStatus: status() },
    );
    expect(screen.getByRole('button', { name: 'New project' })).toBeInTheDocument();
    rerender(
      <BillingProvider fetch={server.fetch} initialStatus={status()}>
        <FeatureGate
          feature="projects"
          usage={10}
          fallback={(e) => <p>Limit of {e.limit} reached</p>}
        >
          <button type="button">New project</button>
        </FeatureGate>
      </BillingProvider>,
    );
    expect(screen.getByText('Limit of 10 reached')).toBeInTheDocument();
  });

  it('passes the decision to a render prop', () => {
    const server = contractServer({});
    renderWithBilling(
      <FeatureGate feature="projects" usage={4}>
        {(e) => <p data-state={e.state}>{e.state === 'granted' ? `${e.remaining} left` : 'no'}</p>}
      </FeatureGate>,
      { fetch: server.fetch, initialStatus: status() },
    );
    expect(screen.getByText('6 left')).toHaveAttribute('data-state', 'granted');
  });

  it('renders the right branch on the server with initialStatus', () => {
    const server = contractServer({});
    const locked = renderToString(
      <BillingProvider fetch={server.fetch} initialStatus={freeStatus}>
        {gate}
      </BillingProvider>,
    );
    const open = renderToString(
      <BillingProvider fetch={server.fetch} initialStatus={status()}>
        {gate}
      </BillingProvider>,
    );
    expect(locked).toContain('Upgrade for API access');
    expect(locked).not.toContain('API keys');
    expect(open).toContain('API keys');
    expect(server.calls).toEqual([]);
  });
});
