import type { Preview } from '@storybook/react-vite';
import { mswLoader } from 'msw-storybook-addon/csf3';
import { configure } from 'storybook/test';
import { loadBilling, withBilling } from './billing-decorator';
import { globalTypes, initialGlobals } from './globals';
import {
  billingHandlers,
  checkScenario,
  MockBillingApi,
  mockBillingApi,
  resetBillingRecords,
  takeViolations,
} from './msw';
import type { ScaBehaviour } from './stripe-double';
import '@tollgate/react/styles.css';
import './preview.css';

declare module 'storybook/internal/csf' {
  interface Parameters {
    /** The mocked billing server(s) for this story, one per base path; see `.storybook/msw`. */
    billing?: MockBillingApi | MockBillingApi[];
    /** Give the provider a stripe.js stand-in that answers 3-D Secure this way. */
    sca?: ScaBehaviour;
    /** Extra `BillingProvider` props (e.g. `unstyled`, `labels`). */
    provider?: Record<string, unknown>;
    /** `false` renders the story without a `BillingProvider`. */
    billingProvider?: boolean;
  }
}

// `findBy…`/`waitFor` give up after 5 s instead of 1 s: CI machines run every project at once,
// and an overview renders a dozen providers.
configure({ asyncUtilTimeout: 5000 });

const preview: Preview = {
  tags: ['autodocs'],
  globalTypes,
  initialGlobals,
  loaders: [mswLoader(), loadBilling],
  decorators: [withBilling],
  beforeEach({ msw, parameters }) {
    takeViolations();
    const apis = [parameters.billing ?? mockBillingApi({})].flat();
    const problems = apis.flatMap((api) =>
      api instanceof MockBillingApi
        ? checkScenario(api.scenario)
        : ['parameters.billing must be made with mockBillingApi() or billingFor()'],
    );
    if (problems.length > 0) {
      throw new Error(
        `This story's billing fixtures drifted from the contract:\n${problems.join('\n')}`,
      );
    }
    resetBillingRecords();
    for (const api of apis) msw.use(...billingHandlers(api.scenario));
  },
  afterEach() {
    const violations = takeViolations();
    if (violations.length > 0) {
      throw new Error(`The story broke the billing contract:\n${violations.join('\n')}`);
    }
  },
  parameters: {
    layout: 'padded',
    // The two widths the visual review uses: a 375 px phone and a 1280 px laptop.
    viewport: {
      options: {
        phone375: {
          name: 'Phone (375 px)',
          styles: { width: '375px', height: '812px' },
          type: 'mobile',
        },
        desktop1280: {
          name: 'Desktop (1280 px)',
          styles: { width: '1280px', height: '900px' },
          type: 'desktop',
        },
      },
    },
    controls: { expanded: true },
    // Every story is an accessibility test: an axe violation fails it in Vitest.
    a11y: { test: 'error' },
    // Docs pages render each story in its own iframe: MSW answers per page, so stories sharing
    // one page would answer each other's requests from the last story's fixtures.
    docs: { story: { inline: false, height: '420px' } },
  },
};

export default preview;
