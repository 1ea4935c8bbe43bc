import { type QueryClient, type QueryFunctionContext, queryOptions } from '@tanstack/react-query';
import { BillingError, type Interval } from '@tollgate/core';
import type { BillingClient } from '../client/billing-client';

/** Query keys, all under the root `['tollgate']` so the whole family can be invalidated at once. */
export const billingKeys = {
  all: ['tollgate'] as const,
  plans: () => ['tollgate', 'plans'] as const,
  status: () => ['tollgate', 'status'] as const,
  /** Every preview, whatever the plan and interval. */
  previews: () => ['tollgate', 'preview'] as const,
  preview: (plan: string, interval: Interval) =>
    [...billingKeys.previews(), plan, interval] as const,
};

const clients = new WeakMap<QueryClient, BillingClient>();

/** @internal Ties a billing client to a QueryClient so `billingQueries` can find it. */
export function registerBillingClient(queryClient: QueryClient, client: BillingClient): void {
  clients.set(queryClient, client);
}

function clientFor(context: QueryFunctionContext, explicit?: BillingClient): BillingClient {
  const client = explicit ?? clients.get(context.client);
  if (!client) {
    throw new BillingError(
      'CONFIG_INVALID',
      'No billing client for this QueryClient — render inside <BillingProvider>, or pass one: billingQueries.status(createBillingClient({ baseUrl })).',
    );
  }
  return client;
}

const retry = (count: number, error: Error) =>
  error instanceof BillingError && error.retryable && count < 2;

/**
 * Query option factories (TanStack `queryOptions`). Inside `<BillingProvider>` they find the
 * provider's client; elsewhere (server prefetch) pass a client explicitly.
 *
 * @example
 * const { data } = useQuery(billingQueries.status());
 * await queryClient.prefetchQuery(billingQueries.plans(createBillingClient({ baseUrl })));
 */
export const billingQueries = {
  plans: (client?: BillingClient) =>
    queryOptions({
      queryKey: billingKeys.plans(),
      queryFn: (context) => clientFor(context, client).plans(context.signal),
      staleTime: 5 * 60_000,
      retry,
    }),
  status: (client?: BillingClient) =>
    queryOptions({
      queryKey: billingKeys.status(),
      queryFn: (context) => clientFor(context, client).status(context.signal),
      staleTime: 30_000,
      retry,
    }),
  preview: (plan: string, interval: Interval, client?: BillingClient) =>
    queryOptions({
      queryKey: billingKeys.preview(plan, interval),
      queryFn: (context) => clientFor(context, client).preview({ plan, interval }, context.signal),
      staleTime: 30_000,
      gcTime: 60_000,
      retry,
    }),
};
