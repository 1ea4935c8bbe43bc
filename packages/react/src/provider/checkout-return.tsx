import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { type CheckoutReturnState, useBillingContext } from './context';

/** How `BillingProvider` polls `/status` after a return from Stripe Checkout. */
export interface CheckoutReturnOptions {
  /** Query parameter Stripe's success URL carries. Default `session_id`. */
  param?: string;
  /** Milliseconds between polls. Default 1500. */
  interval?: number;
  /** Polls before giving up. Default 20. */
  maxAttempts?: number;
}

/** @internal Reads the checkout session id from the current URL (none on the server). */
export function readSessionId(param: string): string | null {
  if (typeof window === 'undefined') return null;
  return new URL(window.location.href).searchParams.get(param);
}

/** @internal Polls status until the subscription shows up, then drops the parameter from the URL. */
export function CheckoutReturnWatcher(props: {
  param: string;
  interval: number;
  maxAttempts: number;
  onSettle: (state: CheckoutReturnState) => void;
}) {
  const { onSettle, param, maxAttempts } = props;
  const queryClient = useQueryClient();
  const status = useBillingContext().queries.status();
  // Updates already in the cache (e.g. initialStatus) do not count as polls.
  const [start] = useState(() =>
    updates(queryClient.getQueryCache().find({ queryKey: status.queryKey })),
  );
  const query = useQuery({
    ...status,
    refetchOnMount: 'always',
    refetchInterval: (q) =>
      q.state.data?.status !== 'none' || updates(q) - start >= maxAttempts ? false : props.interval,
  });
  // Reading dataUpdatedAt/errorUpdatedAt makes every poll re-render, also when data is unchanged.
  const polls =
    query.dataUpdatedAt + query.errorUpdatedAt === 0
      ? 0
      : updates(queryClient.getQueryCache().find({ queryKey: status.queryKey })) - start;
  const subscribed = query.data !== undefined && query.data.status !== 'none';
  useEffect(() => {
    if (polls === 0) return;
    if (subscribed) {
      const url = new URL(window.location.href);
      url.searchParams.delete(param);
      window.history.replaceState(window.history.state, '', url);
      onSettle('complete');
    } else if (polls >= maxAttempts) {
      onSettle('timed_out');
    }
  }, [polls, subscribed, onSettle, param, maxAttempts]);
  return null;
}

function updates(
  query: { state: { dataUpdateCount: number; errorUpdateCount: number } } | undefined,
): number {
  return query ? query.state.dataUpdateCount + query.state.errorUpdateCount : 0;
}
