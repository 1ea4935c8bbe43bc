'use client';
import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import {
  BillingError,
  type BillingStatus,
  type ChangeRequest,
  type CheckoutRequest,
  type PortalRequest,
  type ResumeRequest,
} from '@tollgate/core';
import { type BillingContextValue, useBillingContext } from '../provider/context';
import { billingKeys } from '../queries/billing-queries';

/**
 * Status and plans are stale after any change. Previews are marked stale but not refetched here:
 * the one on screen may be for the plan just applied, which the server would now refuse.
 */
function refresh(queryClient: QueryClient, baseUrl: string, status?: BillingStatus) {
  if (status) queryClient.setQueryData(billingKeys.status(baseUrl), status);
  void queryClient.invalidateQueries({
    queryKey: billingKeys.previews(baseUrl),
    refetchType: 'none',
  });
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: billingKeys.status(baseUrl) }),
    queryClient.invalidateQueries({ queryKey: billingKeys.plans(baseUrl) }),
  ]);
}

/** @internal Completes 3-D Secure for a payment with stripe.js; rejects with `PAYMENT_FAILED`. */
async function confirmWithStripe(context: BillingContextValue, clientSecret: string) {
  const stripe = await context.getStripe();
  if (!stripe) throw new BillingError('CONFIG_INVALID', context.labels.stripeMissing);
  const result = await stripe.handleNextAction({ clientSecret });
  if (
    result.error ||
    !result.paymentIntent ||
    result.paymentIntent.status === 'requires_payment_method'
  ) {
    throw new BillingError(
      'PAYMENT_FAILED',
      result.error?.message ?? context.labels.paymentNotAuthorised,
      { details: { stripeCode: result.error?.code ?? null } },
    );
  }
}

/** Result of {@link useChangePlan}: the new status, or `confirmed` after a 3-D Secure payment. */
export type ChangePlanResult =
  | { outcome: 'applied' | 'scheduled'; status: BillingStatus }
  | { outcome: 'confirmed' };

/**
 * Starts Stripe Checkout (`POST /checkout`). Hosted mode leaves for Stripe's page; embedded mode
 * resolves with the client secret for Embedded Checkout.
 */
export function useCheckout() {
  const context = useBillingContext();
  return useMutation({
    mutationFn: async (request: CheckoutRequest) => {
      const response = await context.client.checkout(request);
      if (response.uiMode === 'hosted') context.navigate(response.url);
      return response;
    },
  });
}

/**
 * Changes plan or interval (`POST /change`), completing 3-D Secure with stripe.js when the server
 * asks for it. Pass the preview's `prorationDate` so Stripe bills what was shown.
 */
export function useChangePlan() {
  const context = useBillingContext();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (request: ChangeRequest): Promise<ChangePlanResult> => {
      const response = await context.client.change(request);
      if (response.outcome !== 'requires_action') return response;
      try {
        await confirmWithStripe(context, response.clientSecret);
      } catch (error) {
        if (error instanceof BillingError && error.code === 'PAYMENT_FAILED') {
          throw new BillingError('PAYMENT_FAILED', error.message, {
            details: { ...error.details, hostedInvoiceUrl: response.hostedInvoiceUrl },
          });
        }
        throw error;
      }
      return { outcome: 'confirmed' };
    },
    onSettled: (result) =>
      refresh(
        queryClient,
        context.client.baseUrl,
        result && 'status' in result ? result.status : undefined,
      ),
  });
}

/** Confirms a payment waiting for the customer (an `action_required` alert) with stripe.js. */
export function useConfirmPayment() {
  const context = useBillingContext();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (clientSecret: string) => confirmWithStripe(context, clientSecret),
    onSettled: () => refresh(queryClient, context.client.baseUrl),
  });
}

/** Cancels at period end (`POST /cancel`). */
export function useCancel() {
  const context = useBillingContext();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => context.client.cancel(),
    onSettled: (status) => refresh(queryClient, context.client.baseUrl, status),
  });
}

/** Undoes a pending cancellation and/or a scheduled downgrade (`POST /resume`). */
export function useResume() {
  const context = useBillingContext();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: ResumeRequest = {}) => context.client.resume(request),
    onSettled: (status) => refresh(queryClient, context.client.baseUrl, status),
  });
}

/** Opens the Stripe customer portal (`POST /portal`), optionally deep-linked to a flow. */
export function usePortal() {
  const context = useBillingContext();
  return useMutation({
    mutationFn: async (request: PortalRequest = {}) => {
      const response = await context.client.portal(request);
      context.navigate(response.url);
      return response;
    },
  });
}
