import type { Meta, StoryObj } from '@storybook/react-vite';
import { fixtures } from '@tollgate/core/fixtures';
import { expect, userEvent, within } from 'storybook/test';
import { apiError, mockBillingApi, pending } from '../../../../.storybook/msw';
import { billingFor, statuses } from '../../../../.storybook/scenarios';
import { UsageMeter } from './usage-meter';

const usageFor = (usage: (typeof fixtures.usage)[keyof typeof fixtures.usage]) =>
  billingFor(statuses.activeMonthly, { usage });

const meta = {
  title: 'Components/UsageMeter',
  component: UsageMeter,
  args: { upgradeHref: '/pricing' },
  parameters: { billing: usageFor(fixtures.usage.ok) },
} satisfies Meta<typeof UsageMeter>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Well within the plan: 3,160 of 10,000 API calls, 40 still being recorded. */
export const WithinPlan: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const bar = await canvas.findByRole('meter', { name: 'API calls' });
    await expect(bar).toHaveAttribute('aria-valuetext', '3,160 of 10,000 API calls');
    await expect(canvas.getByText('40 still being recorded')).toBeVisible();
    await expect(canvas.queryByRole('link', { name: 'Upgrade plan' })).toBeNull();
  },
};

/** 80 % or more of the included amount: a warning with an upgrade link. */
export const Warning: Story = {
  parameters: { billing: usageFor(fixtures.usage.warning) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole('meter', { name: 'API calls' })).toHaveAttribute(
      'data-state',
      'warning',
    );
    await expect(canvas.getAllByText(/close to your plan’s included amount/)[0]).toBeVisible();
  },
};

/** Past a soft limit: the overage is drawn past the included mark and its charge is shown. */
export const Exceeded: Story = {
  parameters: { billing: usageFor(fixtures.usage.exceeded) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText('$46.80 over')).toBeVisible();
    await expect(canvas.getByRole('meter', { name: 'API calls' })).toHaveAttribute(
      'aria-valuetext',
      '12,340 of 10,000 API calls',
    );
  },
};

/** A hard limit reached: more is refused; the upgrade link is the first stop for the keyboard. */
export const Blocked: Story = {
  parameters: { billing: usageFor(fixtures.usage.blocked) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText(/Limit reached/)).toBeVisible();
    await userEvent.tab();
    await expect(canvas.getByRole('link', { name: 'Upgrade plan' })).toHaveFocus();
  },
};

/** An unlimited meter: the count alone, no limit and no warning. */
export const Unlimited: Story = {
  parameters: { billing: usageFor(fixtures.usage.unlimited) },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByText('Unlimited')).toBeVisible();
  },
};

/** A plan without metered features. */
export const NoMeters: Story = {
  parameters: { billing: usageFor(fixtures.usage.none) },
  play: async ({ canvasElement }) => {
    await expect(
      await within(canvasElement).findByText('Your plan has no metered features.'),
    ).toBeVisible();
  },
};

/** While usage loads. */
export const Loading: Story = {
  parameters: { billing: mockBillingApi({ usage: pending() }) },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByText('Loading usage…')).toBeVisible();
  },
};

/** Usage cannot be loaded: a retry button. */
export const LoadError: Story = {
  parameters: {
    billing: mockBillingApi({
      usage: apiError('INTERNAL_ERROR', 'The billing service failed unexpectedly.'),
    }),
  },
  play: async ({ canvasElement }) => {
    await expect(
      await within(canvasElement).findByRole('button', { name: 'Try again' }),
    ).toBeVisible();
  },
};
