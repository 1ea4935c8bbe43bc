import { QueryClient } from '@tanstack/react-query';
import { fixtures } from '@tollgate/core/fixtures';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { contractServer } from '../../test/contract-server';
import { createBillingClient } from '../client/billing-client';
import { PlanSwitcher } from '../plan-switcher/plan-switcher';
import { BillingProvider } from '../provider/billing-provider';
import { billingQueries } from '../queries/billing-queries';
import { PricingTable } from './pricing-table';

describe('server rendering', () => {
  it('renders the skeleton on the server when nothing is prefetched', () => {
    const server = contractServer({});
    const html = renderToString(
      <BillingProvider fetch={server.fetch}>
        <PricingTable />
      </BillingProvider>,
    );
    expect(html).toContain('data-state="loading"');
    expect(html).toContain('Loading plans…');
  });

  it('renders plans and the switcher on the server from a prefetched QueryClient', async () => {
    const server = contractServer({
      plans: () => fixtures.plans.usdCurrentPro,
      status: () => fixtures.status.activeMonthly,
    });
    const queryClient = new QueryClient();
    const client = createBillingClient({ fetch: server.fetch });
    await queryClient.prefetchQuery(billingQueries(client).plans());
    const html = renderToString(
      <BillingProvider
        fetch={server.fetch}
        queryClient={queryClient}
        initialStatus={fixtures.status.activeMonthly}
      >
        <PricingTable />
        <PlanSwitcher />
      </BillingProvider>,
    );
    expect(html).toContain('data-state="ready"');
    expect(html).toContain('data-plan="enterprise"');
    expect(html).toContain('Current plan');
    expect(html).toContain('Upgrade');
    expect(html).toContain('$29');
  });
});
