import {
  hashKey,
  QueryClient,
  QueryClientProvider,
  skipToken,
  useQueryClient,
} from '@tanstack/react-query';
import { act, render, renderHook, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import { contractServer, Reply, statusCell } from '../../test/contract-server';
import { freeStatus, plans, status } from '../../test/fixtures';
import { createBillingClient } from '../client/billing-client';
import { BillingProvider } from '../provider/billing-provider';
import { useCheckoutReturn } from '../provider/use-checkout-return';
import { billingQueries } from '../queries/billing-queries';
import { useCancel, useChangePlan, useCheckout, usePortal, useResume } from './mutations';
import { useBillingStatus, usePlans, usePreview } from './queries';
import { useEntitlement } from './use-entitlement';

function wrapper(fetch: typeof globalThis.fetch, extra: Record<string, unknown> = {}) {
  const queryClient = new QueryClient();
  const navigations: string[] = [];
  const wrap = ({ children }: { children: ReactNode }) => (
    <BillingProvider
      queryClient={queryClient}
      fetch={fetch}
      navigate={(url) => navigations.push(url)}
      checkoutReturn={false}
      {...extra}
    >
      {children}
    </BillingProvider>
  );
  return { Wrapper: wrap, queryClient, navigations };
}

afterEach(() => window.history.replaceState(null, '', '/'));

function Plan() {
  const { data } = useBillingStatus();
  return <p data-status={data?.status}>{data?.plan ?? 'loading'}</p>;
}

function Probe() {
  return <p>{useCheckoutReturn()}</p>;
}

describe('query options', () => {
  it("key every query under the tollgate root and the client's base URL", () => {
    const queries = billingQueries(createBillingClient({ baseUrl: 'https://a.test/api/billing' }));
    expect(queries.plans().queryKey).toEqual(['tollgate', 'https://a.test/api/billing', 'plans']);
    expect(queries.status().queryKey).toEqual(['tollgate', 'https://a.test/api/billing', 'status']);
    expect(queries.preview({ plan: 'pro', interval: 'year' }).queryKey).toEqual([
      'tollgate',
      'https://a.test/api/billing',
      'preview',
      { plan: 'pro', interval: 'year' },
    ]);
    // Each seat count is its own preview, and so is each resume.
    const keys = [
      queries.preview({ plan: 'team', interval: 'month', seats: 5 }).queryKey,
      queries.preview({ plan: 'team', interval: 'month', seats: 6 }).queryKey,
      queries.preview({ kind: 'resume', undo: 'scheduled_change' }).queryKey,
      queries.preview({ kind: 'resume', undo: 'cancellation' }).queryKey,
    ];
    expect(new Set(keys.map((key) => hashKey(key))).size).toBe(4);
  });

  it('prefetch outside a provider (a server component or loader)', async () => {
    const server = contractServer({ plans: () => plans });
    const queryClient = new QueryClient();
    const queries = billingQueries(createBillingClient({ fetch: server.fetch }));
    await queryClient.prefetchQuery(queries.plans());
    expect(queryClient.getQueryData(queries.plans().queryKey)?.plans).toHaveLength(3);
  });

  it('skip the preview request inside the factory until a plan is chosen', () => {
    const queries = billingQueries(createBillingClient());
    expect(queries.preview(null).queryFn).toBe(skipToken);
    expect(queries.preview({ plan: 'pro', interval: 'month' }).queryFn).toBeTypeOf('function');
  });

  it('two providers with different base URLs on one QueryClient never share data', async () => {
    const a = contractServer({ status: () => status({ plan: 'pro' }) });
    const b = contractServer({ status: () => status({ plan: 'team' }) }, { base: '/b/billing' });
    const queryClient = new QueryClient();
    render(
      <QueryClientProvider client={queryClient}>
        <BillingProvider fetch={a.fetch}>
          <Plan />
        </BillingProvider>
        <BillingProvider fetch={b.fetch} baseUrl="/b/billing">
          <Plan />
        </BillingProvider>
      </QueryClientProvider>,
    );
    await waitFor(() =>
      expect(screen.getAllByRole('paragraph').map((p) => p.textContent)).toEqual(['pro', 'team']),
    );
  });
});

describe('BillingProvider', () => {
  it('uses an enclosing QueryClientProvider when no queryClient is given', async () => {
    const outer = new QueryClient();
    const server = contractServer({ status: () => status() });
    const { result } = renderHook(() => ({ query: useBillingStatus(), client: useQueryClient() }), {
      wrapper: ({ children }) => (
        <QueryClientProvider client={outer}>
          <BillingProvider fetch={server.fetch}>{children}</BillingProvider>
        </QueryClientProvider>
      ),
    });
    await waitFor(() => expect(result.current.query.data?.status).toBe('active'));
    expect(result.current.client).toBe(outer);
  });

  it('creates its own QueryClient when there is none', async () => {
    const server = contractServer({ plans: () => plans });
    const { result } = renderHook(() => usePlans(), {
      wrapper: ({ children }) => <BillingProvider fetch={server.fetch}>{children}</BillingProvider>,
    });
    await waitFor(() => expect(result.current.data?.trialEligible).toBe(true));
  });

  it('renders initialStatus on the server without fetching', () => {
    const server = contractServer({});
    const html = renderToString(
      <BillingProvider fetch={server.fetch} initialStatus={status({ status: 'past_due' })}>
        <Plan />
      </BillingProvider>,
    );
    expect(html).toContain('data-status="past_due"');
    expect(html).toContain('>pro<');
    expect(server.calls).toEqual([]);
  });

  it('throws a clear error for hooks used outside it', () => {
    expect(() => renderHook(() => usePlans())).toThrow(/inside <BillingProvider>/);
  });
});

describe('mutations', () => {
  it('useCheckout leaves for the hosted page', async () => {
    const server = contractServer({
      checkout: () => ({ uiMode: 'hosted', url: 'https://checkout.example/c' }),
    });
    const { Wrapper, navigations } = wrapper(server.fetch);
    const { result } = renderHook(() => useCheckout(), { wrapper: Wrapper });
    await act(() => result.current.mutateAsync({ plan: 'pro', interval: 'month' }));
    expect(navigations).toEqual(['https://checkout.example/c']);
  });

  it('useChangePlan stores the returned status and refreshes', async () => {
    const cell = statusCell(status());
    const server = contractServer({
      status: () => cell.get(),
      change: () => {
        cell.set(status({ plan: 'team' }));
        return { outcome: 'applied', status: cell.get() };
      },
    });
    const { Wrapper } = wrapper(server.fetch);
    const { result } = renderHook(() => ({ status: useBillingStatus(), change: useChangePlan() }), {
      wrapper: Wrapper,
    });
    await waitFor(() => expect(result.current.status.data?.plan).toBe('pro'));
    await act(() => result.current.change.mutateAsync({ plan: 'team', interval: 'month' }));
    await waitFor(() => expect(result.current.status.data?.plan).toBe('team'));
  });

  it('useCancel and useResume refresh status; errors surface as BillingError', async () => {
    const cell = statusCell(status());
    const server = contractServer({
      status: () => cell.get(),
      cancel: () => {
        cell.set(status({ cancelAt: '2026-12-27T12:00:00.000Z' }));
        return cell.get();
      },
      resume: () => Reply.error('NO_SUBSCRIPTION', 'Nothing to resume.'),
    });
    const { Wrapper } = wrapper(server.fetch);
    const { result } = renderHook(
      () => ({ status: useBillingStatus(), cancel: useCancel(), resume: useResume() }),
      { wrapper: Wrapper },
    );
    await act(() => result.current.cancel.mutateAsync());
    await waitFor(() => expect(result.current.status.data?.cancelAt).not.toBeNull());
    await expect(result.current.resume.mutateAsync({ undo: 'cancellation' })).rejects.toMatchObject(
      {
        code: 'NO_SUBSCRIPTION',
      },
    );
    expect(server.calls.find((c) => c.route === 'resume')?.body).toEqual({ undo: 'cancellation' });
  });

  it('usePortal opens the portal deep link', async () => {
    const server = contractServer({ portal: () => ({ url: 'https://portal.example/p' }) });
    const { Wrapper, navigations } = wrapper(server.fetch);
    const { result } = renderHook(() => usePortal(), { wrapper: Wrapper });
    await act(() => result.current.mutateAsync({ flow: 'payment_method_update' }));
    expect(navigations).toEqual(['https://portal.example/p']);
    expect(server.calls[0]?.body).toEqual({ flow: 'payment_method_update' });
  });

  it('usePreview waits for a plan before asking', async () => {
    const server = contractServer({});
    const { Wrapper } = wrapper(server.fetch);
    const { result } = renderHook(() => usePreview(null), { wrapper: Wrapper });
    expect(result.current.fetchStatus).toBe('idle');
    expect(server.calls).toEqual([]);
  });
});

describe('useEntitlement', () => {
  /** An unpaid subscription as the server sends it: access none, the free plan in effect. */
  const ended = status({
    status: 'unpaid',
    access: 'none',
    plan: 'free',
    interval: null,
    entitlements: freeStatus.entitlements,
  });
  const cases = [
    ['api_access', undefined, status(), 'granted', null],
    ['api_access', undefined, freeStatus, 'denied', 'not_in_plan'],
    ['sso', undefined, status(), 'denied', 'not_in_plan'],
    ['projects', 9, status(), 'granted', null],
    ['projects', 10, status(), 'denied', 'limit_reached'],
    ['projects', 500, status({ entitlements: { projects: -1 } }), 'granted', null],
    ['api_access', undefined, ended, 'denied', 'no_access'],
    // Regression (issue 14 #11): an ended subscription keeps the free plan's allowance.
    ['projects', 0, ended, 'granted', null],
    ['projects', 1, ended, 'denied', 'limit_reached'],
    ['api_access', undefined, status({ access: 'grace', status: 'past_due' }), 'granted', null],
  ] as const;
  it.each(cases)('%s with usage %s → %s (%s)', (feature, usage, initial, state, reason) => {
    const { Wrapper } = wrapper(contractServer({}).fetch, { initialStatus: initial });
    const { result } = renderHook(() => useEntitlement(feature, { usage }), { wrapper: Wrapper });
    expect(result.current).toMatchObject({ state, reason });
  });

  it('is loading, not denied, until status arrives', () => {
    const { Wrapper } = wrapper(contractServer({ status: () => new Promise(() => {}) }).fetch);
    const { result } = renderHook(() => useEntitlement('api_access'), { wrapper: Wrapper });
    expect(result.current.state).toBe('loading');
  });
});

describe('return from checkout', () => {
  it('polls status until the subscription shows up, then drops session_id from the URL', async () => {
    window.history.replaceState(null, '', '/billing?session_id=cs_test_1&tab=plan');
    let polls = 0;
    const server = contractServer({
      status: () => {
        polls += 1;
        return polls < 3 ? freeStatus : status();
      },
    });
    render(
      <BillingProvider fetch={server.fetch} checkoutReturn={{ interval: 5 }}>
        <Probe />
      </BillingProvider>,
    );
    expect(screen.getByText('polling')).toBeInTheDocument();
    await screen.findByText('complete');
    expect(polls).toBe(3);
    expect(window.location.search).toBe('?tab=plan');
  });

  it('gives up after maxAttempts', async () => {
    window.history.replaceState(null, '', '/billing?session_id=cs_test_2');
    const server = contractServer({ status: () => freeStatus });
    render(
      <BillingProvider fetch={server.fetch} checkoutReturn={{ interval: 5, maxAttempts: 3 }}>
        <Probe />
      </BillingProvider>,
    );
    await screen.findByText('timed_out');
    const count = server.calls.length;
    expect(count).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(server.calls.length).toBe(count);
  });
});
