'use client';
import { QueryClient, QueryClientContext, QueryClientProvider } from '@tanstack/react-query';
import type { BillingStatus } from '@tollgate/core';
import { type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import { createBillingClient } from '../client/billing-client';
import { billingQueries } from '../queries/billing-queries';
import {
  type CheckoutReturnOptions,
  CheckoutReturnWatcher,
  readSessionId,
} from './checkout-return';
import { BillingContext, type BillingContextValue, type CheckoutReturnState } from './context';
import { defaultLabels, type LabelOverrides } from './labels';
import { type StripeOption, stripeLoader } from './stripe';

/** Props of {@link BillingProvider}. */
export interface BillingProviderProps {
  children?: ReactNode;
  /** Where the Tollgate handlers are mounted. Default `/api/billing`. */
  baseUrl?: string;
  /** A fetch implementation for every request. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Extra headers on every request (e.g. authorization). */
  headers?: Record<string, string>;
  /** Use this QueryClient. Default: the one from an enclosing QueryClientProvider, else a new one. */
  queryClient?: QueryClient;
  /** BCP 47 locale for money and dates. Default: the runtime's. */
  locale?: string;
  /** Overrides for any visible string; `errors` per error code. */
  labels?: LabelOverrides;
  /** Stripe publishable key or a `loadStripe()` promise, for 3-D Secure and Embedded Checkout. */
  stripe?: StripeOption;
  /** `GET /status` as rendered on the server: components render with it immediately (SSR). */
  initialStatus?: BillingStatus;
  /** Drop the default class names so `styles.css` does not apply; `data-*` attributes stay. */
  unstyled?: boolean;
  /** How to leave for Stripe-hosted pages (checkout, portal). Default `window.location.assign`. */
  navigate?: (url: string) => void;
  /** Polling after a return from Checkout (`?session_id=` in the URL); `false` turns it off. */
  checkoutReturn?: CheckoutReturnOptions | false;
}

/**
 * Configures Tollgate for the components and hooks below it.
 *
 * @example
 * <BillingProvider stripe={import.meta.env.VITE_STRIPE_PK} initialStatus={status}>
 *   <PricingTable />
 * </BillingProvider>
 */
export function BillingProvider(props: BillingProviderProps) {
  const outer = useContext(QueryClientContext);
  const [own] = useState(() => props.queryClient ?? outer ?? new QueryClient());
  const queryClient = props.queryClient ?? outer ?? own;
  // Inline `headers={{…}}` objects are new every render; key the client on their content.
  const headersKey = JSON.stringify(props.headers ?? {});
  const client = useMemo(
    () =>
      createBillingClient({
        baseUrl: props.baseUrl,
        fetch: props.fetch,
        headers: JSON.parse(headersKey) as Record<string, string>,
      }),
    [props.baseUrl, props.fetch, headersKey],
  );
  const queries = useMemo(() => billingQueries(client), [client]);
  useState(() => {
    const key = queries.status().queryKey;
    if (props.initialStatus && queryClient.getQueryData(key) === undefined) {
      queryClient.setQueryData(key, props.initialStatus);
    }
  });

  const returnOptions = props.checkoutReturn === false ? null : (props.checkoutReturn ?? {});
  const param = returnOptions?.param ?? 'session_id';
  // The URL is read after mount, never during render: the server renders `idle` too, so a return
  // from Checkout hydrates without a mismatch (React #418) and then starts polling.
  const [checkoutReturn, setCheckoutReturn] = useState<CheckoutReturnState>('idle');
  const watchReturn = returnOptions !== null;
  useEffect(() => {
    if (watchReturn && readSessionId(param)) setCheckoutReturn('polling');
  }, [watchReturn, param]);
  const getStripe = useMemo(() => stripeLoader(props.stripe), [props.stripe]);

  const value = useMemo<BillingContextValue>(
    () => ({
      client,
      queries,
      labels: props.labels
        ? {
            ...defaultLabels,
            ...props.labels,
            errors: { ...defaultLabels.errors, ...props.labels.errors },
          }
        : defaultLabels,
      locale: props.locale,
      unstyled: props.unstyled ?? false,
      getStripe,
      hasStripe: props.stripe !== undefined,
      navigate: props.navigate ?? ((url) => window.location.assign(url)),
      checkoutReturn,
    }),
    [
      client,
      queries,
      props.labels,
      props.locale,
      props.unstyled,
      getStripe,
      props.stripe,
      props.navigate,
      checkoutReturn,
    ],
  );

  const content = (
    <BillingContext.Provider value={value}>
      {checkoutReturn === 'polling' && returnOptions ? (
        <CheckoutReturnWatcher
          param={param}
          interval={returnOptions.interval ?? 1500}
          maxAttempts={returnOptions.maxAttempts ?? 20}
          onSettle={setCheckoutReturn}
        />
      ) : null}
      {props.children}
    </BillingContext.Provider>
  );
  return queryClient === outer ? (
    content
  ) : (
    <QueryClientProvider client={queryClient}>{content}</QueryClientProvider>
  );
}
