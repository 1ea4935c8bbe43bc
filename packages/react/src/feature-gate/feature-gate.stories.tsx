import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { DESKTOP_RTL, PHONE_DARK } from '../../../../.storybook/globals';
import { apiError, mockBillingApi, pending } from '../../../../.storybook/msw';
import { billingFor, STATE_STORIES, statuses } from '../../../../.storybook/scenarios';
import { gridApis, gridCell, StateGrid, stateCells } from '../../../../.storybook/state-grid';
import { FeatureGate } from './feature-gate';

const meta = {
  title: 'Components/FeatureGate',
  component: FeatureGate,
  args: {
    feature: 'api_access',
    children: <p>API keys: tg_live_••••••••3f9a</p>,
    fallback: <p>API access comes with Pro. Upgrade to create API keys.</p>,
    loading: <p>Checking your plan…</p>,
  },
  parameters: { billing: billingFor(statuses.activeMonthly) },
} satisfies Meta<typeof FeatureGate>;

export default meta;
type Story = StoryObj<typeof meta>;

const GRANTED = /API keys:/;
const DENIED = /API access comes with Pro/;

/** Pro grants `api_access`: the gated content shows. */
export const Granted: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText(GRANTED)).toBeVisible();
    await expect(canvas.queryByText(DENIED)).toBeNull();
  },
};

/** Free lacks `api_access`: the fallback (an upsell) shows instead. */
export const NotInPlan: Story = {
  parameters: { billing: billingFor(statuses.free) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText(DENIED)).toBeVisible();
    await expect(canvas.queryByText(GRANTED)).toBeNull();
  },
};

/** Past due inside the grace period: access stays, so the feature stays. */
export const GraceWhilePastDue: Story = {
  parameters: { billing: billingFor(statuses.pastDueAttempt1) },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByText(GRANTED)).toBeVisible();
  },
};

/** Unpaid: access has ended, so the free plan's entitlements apply and Pro's feature closes. */
export const AccessEnded: Story = {
  parameters: { billing: billingFor(statuses.unpaid) },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByText(DENIED)).toBeVisible();
  },
};

/** A numeric limit with usage: Starter allows 5 projects, 3 are used — the render prop shows what is left. */
export const WithinLimit: Story = {
  args: {
    feature: 'projects',
    usage: 3,
    children: (entitlement) =>
      entitlement.state === 'granted' ? (
        <p>You can create {entitlement.remaining} more projects.</p>
      ) : (
        <p>Project limit: {entitlement.reason ?? entitlement.state}</p>
      ),
  },
  parameters: { billing: billingFor(statuses.starterMonthly) },
  play: async ({ canvasElement }) => {
    await expect(
      await within(canvasElement).findByText('You can create 2 more projects.'),
    ).toBeVisible();
  },
};

/** At the limit (Free: 1 project, 1 used): the fallback receives the reason. */
export const LimitReached: Story = {
  args: {
    feature: 'projects',
    usage: 1,
    children: <button type="button">New project</button>,
    fallback: (entitlement) => (
      <p>
        You have used all {entitlement.limit} of your projects ({entitlement.reason}).
      </p>
    ),
  },
  parameters: { billing: billingFor(statuses.free) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(
      await canvas.findByText('You have used all 1 of your projects (limit_reached).'),
    ).toBeVisible();
    await expect(canvas.queryByRole('button', { name: 'New project' })).toBeNull();
  },
};

/** While status loads neither the content nor the upsell flashes: only the loading slot. */
export const Loading: Story = {
  parameters: { billing: mockBillingApi({ status: pending() }) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText('Checking your plan…')).toBeVisible();
    await expect(canvas.queryByText(GRANTED)).toBeNull();
    await expect(canvas.queryByText(DENIED)).toBeNull();
  },
};

/** Status cannot be loaded: the gate fails closed to the fallback, never the paid content. */
export const StatusError: Story = {
  parameters: {
    billing: mockBillingApi({
      status: apiError('INTERNAL_ERROR', 'The billing service failed unexpectedly.'),
    }),
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText(DENIED)).toBeVisible();
    await expect(canvas.queryByText(GRANTED)).toBeNull();
  },
};

/** Every billing state side by side: where `api_access` is granted and where it is not. */
export const Overview: Story = {
  parameters: { billing: gridApis(stateCells(STATE_STORIES)) },
  render: (args, context) => (
    <StateGrid cells={stateCells(STATE_STORIES)} locale={String(context.globals.locale)}>
      {() => <FeatureGate {...args} />}
    </StateGrid>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const expected = {
      free: DENIED,
      trialing: GRANTED,
      activeMonthly: GRANTED,
      pastDueFinal: GRANTED,
      unpaid: DENIED,
      canceled: DENIED,
      paused: DENIED,
      incomplete: DENIED,
    } as const;
    for (const [state, text] of Object.entries(expected)) {
      const cell = gridCell(canvasElement, state);
      await expect(await within(cell).findByText(text)).toBeVisible();
    }
    await expect(canvas.getAllByRole('heading', { level: 2 })).toHaveLength(STATE_STORIES.length);
  },
};

/** The overview on a 375 px phone, dark: every state, tested with axe at that width. */
export const OverviewPhoneDark: Story = {
  ...Overview,
  globals: PHONE_DARK,
};

/** The overview at 1280 px, right to left (Arabic): every state mirrored. */
export const OverviewDesktopRightToLeft: Story = {
  ...Overview,
  globals: DESKTOP_RTL,
};
