'use client';
import { type CheckoutReturnState, useBillingContext } from './context';

/**
 * Where a return from Stripe Checkout stands: `polling` while `/status` is refreshed until the new
 * subscription appears, then `complete` (or `timed_out` after the bound); `idle` otherwise.
 */
export function useCheckoutReturn(): CheckoutReturnState {
  return useBillingContext().checkoutReturn;
}
