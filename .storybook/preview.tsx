import type { Preview } from '@storybook/react-vite';
import { mswLoader } from 'msw-storybook-addon/csf3';
import { loadBilling, withBilling } from './billing-decorator';
import { globalTypes, initialGlobals } from './globals';
import {
  billingHandlers,
  checkScenario,
  MockBillingApi,
  mockBillingApi,
  takeViolations,
} from './msw';
import type { ScaBehaviour } from './stripe-double';
import './preview.css';

declare module 'storybook/internal/csf' {
  interface Parameters {
    /** The mocked billing server for this story; see `.storybook/msw`. */
    billing?: MockBillingApi;
    /** Give the provider a stripe.js stand-in that answers 3-D Secure this way. */
    sca?: ScaBehaviour;
    /** Extra `BillingProvider` props (e.g. `unstyled`, `labels`). */
    provider?: Record<string, unknown>;
    /** `false` renders the story without a `BillingProvider`. */
    billingProvider?: boolean;
  }
}

const preview: Preview = {
  tags: ['autodocs'],
  globalTypes,
  initialGlobals,
  loaders: [mswLoader(), loadBilling],
  decorators: [withBilling],
  beforeEach({ msw, parameters }) {
    takeViolations();
    const api =
      parameters.billing instanceof MockBillingApi ? parameters.billing : mockBillingApi({});
    const problems = checkScenario(api.scenario);
    if (problems.length > 0) {
      throw new Error(
        `This story's billing fixtures drifted from the contract:\n${problems.join('\n')}`,
      );
    }
    msw.use(...billingHandlers(api.scenario));
  },
  afterEach() {
    const violations = takeViolations();
    if (violations.length > 0) {
      throw new Error(`The story broke the billing contract:\n${violations.join('\n')}`);
    }
  },
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
    // Every story is an accessibility test: an axe violation fails it in Vitest.
    a11y: { test: 'error' },
  },
};

export default preview;
