import { queryOptions, skipToken } from '@tanstack/react-query';
import { BillingError, type PreviewRequest } from '@tollgate/core';
import type { BillingClient } from '../client/billing-client';

/**
 * Query keys. Every key starts `['tollgate', baseUrl]`: two providers with different base URLs on
 * one QueryClient never share data, and `billingKeys.all` invalidates the whole family.
 */
export const billingKeys = {
  all: ['tollgate'] as const,
  /** Everything one client (one base URL) cached. */
  client: (baseUrl: string) => ['tollgate', baseUrl] as const,
  plans: (baseUrl: string) => [...billingKeys.client(baseUrl), 'plans'] as const,
  status: (baseUrl: string) => [...billingKeys.client(baseUrl), 'status'] as const,
  usage: (baseUrl: string) => [...billingKeys.client(baseUrl), 'usage'] as const,
  /** Every preview of one client, whatever it previews. */
  previews: (baseUrl: string) => [...billingKeys.client(baseUrl), 'preview'] as const,
  /** One preview: a change (plan, interval, seats) or a resume (what it undoes). */
  preview: (baseUrl: string, request: PreviewRequest | null) =>
    [...billingKeys.previews(baseUrl), request] as const,
};

/** How often a visible page re-reads a status that waits on the customer confirming a payment. */
const CONFIRMING_POLL_MS = 3000;

const retry = (count: number, error: Error) =>
  error instanceof BillingError && error.retryable && count < 2;

/**
 * Query option factories (TanStack `queryOptions`) for one client. Pure: they work in a server
 * component or loader to prefetch, and `<BillingProvider>` builds the same ones for its hooks.
 *
 * @example
 * const queries = billingQueries(createBillingClient({ baseUrl: 'https://app.example.com/api/billing' }));
 * await queryClient.prefetchQuery(queries.plans());
 * const { data } = useQuery(queries.preview({ plan: 'pro', interval: 'year' }));
 */
export function billingQueries(client: BillingClient) {
  const { baseUrl } = client;
  return {
    plans: () =>
      queryOptions({
        queryKey: billingKeys.plans(baseUrl),
        queryFn: ({ signal }) => client.plans(signal),
        staleTime: 5 * 60_000,
        retry,
      }),
    /**
     * The caller's status. While it asks the customer to confirm a payment — which they may do
     * on Stripe's page, in their bank's app or in another tab — a visible page re-reads it every
     * few seconds, so the banner clears once the payment's webhook has landed.
     */
    status: () =>
      queryOptions({
        queryKey: billingKeys.status(baseUrl),
        queryFn: ({ signal }) => client.status(signal),
        staleTime: 30_000,
        refetchInterval: (query) =>
          query.state.data?.alerts.some(
            (a) => a.type === 'action_required' || a.type === 'incomplete',
          )
            ? CONFIRMING_POLL_MS
            : false,
        retry,
      }),
    /** Metered usage this period per meter of the plan (changes as the app records usage). */
    usage: () =>
      queryOptions({
        queryKey: billingKeys.usage(baseUrl),
        queryFn: ({ signal }) => client.usage(signal),
        staleTime: 10_000,
        retry,
      }),
    /**
     * What a change would bill (seats on a per-seat plan), or with `{kind: 'resume'}` what the
     * next invoice is once a scheduled change or cancellation is dropped; `null` skips the request.
     */
    preview: <R extends PreviewRequest>(request: R | null) =>
      queryOptions({
        queryKey: billingKeys.preview(baseUrl, request),
        queryFn: request ? ({ signal }) => client.preview(request, signal) : skipToken,
        staleTime: 30_000,
        gcTime: 60_000,
        retry,
      }),
  };
}

/** The factories of one client; see {@link billingQueries}. */
export type BillingQueries = ReturnType<typeof billingQueries>;
