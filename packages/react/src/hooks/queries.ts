'use client';
import { skipToken, useQuery } from '@tanstack/react-query';
import type { Interval } from '@tollgate/core';
import { useBillingContext } from '../provider/context';
import { billingQueries } from '../queries/billing-queries';

/** The catalog with live prices, the caller's current plan and trial eligibility (`GET /plans`). */
export function usePlans() {
  useBillingContext();
  return useQuery(billingQueries.plans());
}

/** The caller's billing status (`GET /status`). */
export function useBillingStatus() {
  useBillingContext();
  return useQuery(billingQueries.status());
}

/**
 * What changing to `plan`/`interval` would bill (`POST /preview`). Pass `null` to not ask yet.
 *
 * @example
 * const preview = usePreview(selected?.plan ?? null, selected?.interval ?? 'month');
 */
export function usePreview(plan: string | null, interval: Interval) {
  useBillingContext();
  const options = billingQueries.preview(plan ?? '', interval);
  return useQuery({
    ...options,
    queryFn: plan ? options.queryFn : skipToken,
  });
}
