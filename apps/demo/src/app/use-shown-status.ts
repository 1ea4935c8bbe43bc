import { useBillingStatus, useCheckoutReturn } from '@tollgate/react';

/**
 * The billing status to show, held back while a return from Checkout is being confirmed: until
 * the webhook lands, `/status` still says Free, and showing it would flash the free plan at a
 * customer who has just paid. `confirming` is true meanwhile.
 */
export function useShownStatus() {
  const status = useBillingStatus();
  const checkoutReturn = useCheckoutReturn();
  // The provider starts polling after mount: on the first render it is still `idle`.
  const confirming =
    checkoutReturn === 'polling' ||
    (checkoutReturn === 'idle' && new URLSearchParams(window.location.search).has('session_id'));
  return { ...status, data: confirming ? undefined : status.data, confirming };
}
