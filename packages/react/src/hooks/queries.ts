'use client';
import { useQuery } from '@tanstack/react-query';
import type { PreviewRequest } from '@tollgate/core';
import { useBillingContext } from '../provider/context';

/** The catalog with live prices, the caller's current plan and trial eligibility (`GET /plans`). */
export function usePlans() {
  return useQuery(useBillingContext().queries.plans());
}

/** The caller's billing status (`GET /status`). */
export function useBillingStatus() {
  return useQuery(useBillingContext().queries.status());
}

/** The caller's metered usage this period, per meter of their plan (`GET /usage`). */
export function useUsage() {
  return useQuery(useBillingContext().queries.usage());
}

/**
 * What changing to a plan and interval would bill, or with `{kind: 'resume'}` what resuming
 * would (`POST /preview`). Pass `null` to not ask yet.
 *
 * @example
 * const preview = usePreview(selected ? { plan: selected.plan, interval: selected.interval } : null);
 * const kept = usePreview({ kind: 'resume', undo: 'scheduled_change' });
 */
export function usePreview<R extends PreviewRequest>(request: R | null) {
  return useQuery(useBillingContext().queries.preview(request));
}
