import { BillingError } from '@tollgate/core';
import { createContext, useContext } from 'react';
import type { BillingClient } from '../client/billing-client';
import type { BillingQueries } from '../queries/billing-queries';
import type { Labels } from './labels';
import type { StripeLike } from './stripe';

/** Where a return from Stripe Checkout stands: polling `/status` until the subscription appears. */
export type CheckoutReturnState = 'idle' | 'polling' | 'complete' | 'timed_out';

/** @internal */
export interface BillingContextValue {
  client: BillingClient;
  queries: BillingQueries;
  labels: Labels;
  locale: string | undefined;
  unstyled: boolean;
  getStripe: () => Promise<StripeLike | null>;
  hasStripe: boolean;
  navigate: (url: string) => void;
  checkoutReturn: CheckoutReturnState;
}

/** @internal */
export const BillingContext = createContext<BillingContextValue | null>(null);

/** @internal The provider's configuration; throws a clear error outside `<BillingProvider>`. */
export function useBillingContext(): BillingContextValue {
  const value = useContext(BillingContext);
  if (!value) {
    throw new BillingError(
      'CONFIG_INVALID',
      'Tollgate hooks and components must be rendered inside <BillingProvider>.',
    );
  }
  return value;
}
