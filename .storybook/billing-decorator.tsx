import type { Decorator } from '@storybook/react-vite';
import { QueryClient } from '@tanstack/react-query';
import {
  BillingProvider,
  type BillingProviderProps,
} from '@tollgate/react/provider/billing-provider';
import { action } from 'storybook/actions';
import { directionFor } from './globals';
import { paymentConfirmed } from './msw';
import { createStripeDouble, type ScaBehaviour, type StripeDouble } from './stripe-double';

/** What the preview's loader prepares for each story run, fresh every time. */
export interface BillingLoaded {
  queryClient: QueryClient;
  /** The stripe.js stand-in, when the story sets `parameters.sca`. */
  stripe: StripeDouble | undefined;
  /** URLs the components asked to leave for (checkout, portal, hosted invoice). */
  navigations: string[];
}

/** A loader: a new QueryClient (no cache shared between stories) and, if asked for, a stripe.js double. */
export async function loadBilling(context: {
  parameters: { sca?: ScaBehaviour };
}): Promise<BillingLoaded> {
  return {
    queryClient: new QueryClient(),
    stripe: context.parameters.sca
      ? createStripeDouble(context.parameters.sca, paymentConfirmed)
      : undefined,
    navigations: [],
  };
}

const logNavigation = action('navigate');

/**
 * Wraps every story in a `BillingProvider` that talks to the MSW billing API, in the locale,
 * direction and theme chosen in the toolbar. `parameters.provider` overrides provider props
 * (e.g. `unstyled`, `labels`); `parameters.billingProvider: false` renders the story bare.
 */
export const withBilling: Decorator = (Story, context) => {
  const loaded = context.loaded as Partial<BillingLoaded>;
  const locale = String(context.globals.locale ?? 'en-US');
  const dir = directionFor(context.globals.dir as string | undefined, locale);
  const theme = context.globals.theme === 'dark' ? 'dark' : 'light';
  // styles.css also follows prefers-color-scheme unless the root says otherwise: pin it.
  document.documentElement.dataset.theme = theme;
  const frame = (children: React.ReactNode) => (
    <div className="tollgate-story" data-theme={theme} lang={locale} dir={dir}>
      {children}
    </div>
  );
  if (context.parameters.billingProvider === false || !loaded.queryClient) return frame(<Story />);
  const navigations = loaded.navigations ?? [];
  const props: BillingProviderProps = {
    queryClient: loaded.queryClient,
    locale,
    checkoutReturn: false,
    navigate: (url) => {
      navigations.push(url);
      logNavigation(url);
    },
    ...(loaded.stripe ? { stripe: Promise.resolve(loaded.stripe) } : {}),
    ...(context.parameters.provider as Partial<BillingProviderProps> | undefined),
  };
  return frame(
    <BillingProvider {...props}>
      <Story />
    </BillingProvider>,
  );
};

/** The per-story objects the loader made (query client, stripe.js double, navigations). */
export function storyLoaded(context: { loaded: Record<string, unknown> }): BillingLoaded {
  return context.loaded as unknown as BillingLoaded;
}
