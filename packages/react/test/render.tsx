import { QueryClient } from '@tanstack/react-query';
import { type RenderResult, render } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { BillingProvider, type BillingProviderProps } from '../src/provider/billing-provider';

/** Renders `ui` inside a fresh BillingProvider talking to `fetch`; records navigations. */
export function renderWithBilling(
  ui: ReactElement,
  options: { fetch: typeof fetch } & Omit<BillingProviderProps, 'children' | 'fetch'>,
): RenderResult & { user: UserEvent; navigations: string[]; queryClient: QueryClient } {
  const navigations: string[] = [];
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const user = userEvent.setup();
  const result = render(
    <BillingProvider
      queryClient={queryClient}
      locale="en-US"
      navigate={(url) => navigations.push(url)}
      checkoutReturn={false}
      {...options}
    >
      {ui}
    </BillingProvider>,
  );
  return { ...result, user, navigations, queryClient };
}
