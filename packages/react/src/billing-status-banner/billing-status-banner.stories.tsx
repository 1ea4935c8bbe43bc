import type { Meta, StoryObj } from '@storybook/react-vite';
import { fixtures } from '@tollgate/core/fixtures';
import { expect, fn, screen, userEvent, waitFor, within } from 'storybook/test';
import { storyLoaded } from '../../../../.storybook/billing-decorator';
import { day } from '../../../../.storybook/format';
import { DESKTOP_RTL, PHONE_DARK } from '../../../../.storybook/globals';
import { apiError, billingRequests, mockBillingApi, pending } from '../../../../.storybook/msw';
import { billingFor, HOSTED, STATE_STORIES, statuses } from '../../../../.storybook/scenarios';
import { gridApis, gridCell, StateGrid, stateCells } from '../../../../.storybook/state-grid';
import { SCA_FAILURE_MESSAGE } from '../../../../.storybook/stripe-double';
import { defaultLabels as l } from '../provider/labels';
import { BillingStatusBanner } from './billing-status-banner';

const meta = {
  title: 'Components/BillingStatusBanner',
  component: BillingStatusBanner,
  args: {
    choosePlanHref: '/pricing',
    returnPath: '/settings/billing',
    onDismiss: fn(),
  },
  parameters: { billing: billingFor(statuses.pastDueAttempt1) },
} satisfies Meta<typeof BillingStatusBanner>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The banner element, found by its `data-alert` once the status has loaded. */
async function banner(canvasElement: HTMLElement, alert: string) {
  return waitFor(() => {
    const element = canvasElement.querySelector<HTMLElement>(`[data-alert="${alert}"]`);
    if (!element) throw new Error(`no banner for ${alert} yet`);
    return element;
  });
}

/** A state without alerts: the banner is an empty live region, so a later alert is announced. */
function quietStory(state: keyof typeof statuses): Story {
  return {
    parameters: { billing: billingFor(statuses[state]) },
    play: async ({ canvasElement }) => {
      await waitFor(() => expect(billingRequests('status')).toHaveLength(1));
      const region = await within(canvasElement).findByRole('status');
      await waitFor(() => expect(region).toHaveAttribute('data-state', 'empty'));
      await expect(region).toBeEmptyDOMElement();
    },
  };
}

export const Free = quietStory('free');
export const Trialing = quietStory('trialing');
export const ActiveMonthly = quietStory('activeMonthly');
export const ActiveYearly = quietStory('activeYearly');

/** Trial ends in two days and a card is on file: an informational notice, the only dismissible kind. */
export const TrialEnding: Story = {
  parameters: { billing: billingFor(statuses.trialEnding) },
  play: async ({ canvasElement }) => {
    const element = await banner(canvasElement, 'trial_ending');
    await expect(element).toHaveAttribute('role', 'status');
    await expect(element).toHaveAttribute('data-severity', 'info');
    await expect(element).toHaveTextContent(l.trialEnding('Nov 29, 2026'));
    await expect(within(element).getByRole('button', { name: l.dismiss })).toBeVisible();
    await expect(within(element).queryByRole('button', { name: l.addPaymentMethod })).toBeNull();
  },
};

/** Trial ending without a card: "Add payment method" opens the portal's payment-method flow. */
export const TrialEndingNoCard: Story = {
  parameters: { billing: billingFor(statuses.trialEndingNoCard) },
  play: async (context) => {
    const element = await banner(context.canvasElement, 'trial_ending');
    await expect(element).toHaveAttribute('data-severity', 'warning');
    await expect(element).toHaveTextContent(l.trialEndingNoCard('Nov 29, 2026'));
    await expect(within(element).queryByRole('button', { name: l.dismiss })).toBeNull();
    await userEvent.click(within(element).getByRole('button', { name: l.addPaymentMethod }));
    await waitFor(() => expect(storyLoaded(context).navigations).toEqual([HOSTED.portal]));
    await expect(billingRequests('portal')[0]?.body).toEqual({
      flow: 'payment_method_update',
      returnPath: '/settings/billing',
    });
  },
};

/** Cancellation at period end: "Keep subscription" undoes it and the banner goes quiet. */
export const CancelPending: Story = {
  parameters: { billing: billingFor(statuses.cancelPending) },
  play: async ({ canvasElement }) => {
    const element = await banner(canvasElement, 'cancel_pending');
    await expect(element).toHaveTextContent(l.cancelPending('Dec 15, 2026'));
    await userEvent.click(within(element).getByRole('button', { name: l.resume }));
    await waitFor(() =>
      expect(billingRequests('resume')[0]?.body).toEqual({ undo: 'cancellation' }),
    );
    await waitFor(() =>
      expect(within(canvasElement).getByRole('status')).toHaveAttribute('data-state', 'empty'),
    );
  },
};

/** A downgrade to Starter at period end, named from the catalog; "Keep current plan" keeps Pro. */
export const DowngradeScheduled: Story = {
  parameters: { billing: billingFor(statuses.downgradeScheduled) },
  play: async ({ canvasElement }) => {
    const element = await banner(canvasElement, 'downgrade_scheduled');
    await waitFor(() =>
      expect(element).toHaveTextContent(l.downgradeScheduled('Starter', 'Dec 15, 2026')),
    );
    await userEvent.click(within(element).getByRole('button', { name: l.undo }));
    await waitFor(() =>
      expect(billingRequests('resume')[0]?.body).toEqual({ undo: 'scheduled_change' }),
    );
  },
};

function pastDueStory(
  state: 'pastDueAttempt1' | 'pastDueAttempt2' | 'pastDueFinal',
  message: string,
): Story {
  return {
    parameters: { billing: billingFor(statuses[state]) },
    play: async (context) => {
      const element = await banner(context.canvasElement, 'payment_failed');
      await expect(element).toHaveAttribute('role', 'alert');
      await expect(element).toHaveAttribute('data-severity', 'critical');
      await expect(element).toHaveTextContent(message);
      // Money and access alerts cannot be dismissed.
      await expect(within(element).queryByRole('button', { name: l.dismiss })).toBeNull();
      await userEvent.click(within(element).getByRole('button', { name: l.updateCard }));
      await waitFor(() => expect(storyLoaded(context).navigations).toEqual([HOSTED.portal]));
    },
  };
}

/** First failed renewal: the amount, and the deadline (Stripe retries on Nov 30). */
export const PastDueFirstAttempt = pastDueStory(
  'pastDueAttempt1',
  l.paymentFailed('$29', 'Nov 30, 2026'),
);
/** Second failed attempt: the next retry is on Dec 5. */
export const PastDueSecondAttempt = pastDueStory(
  'pastDueAttempt2',
  l.paymentFailed('$29', 'Dec 5, 2026'),
);
/** The final attempt failed: no retry is scheduled. */
export const PastDueFinalAttempt = pastDueStory('pastDueFinal', l.paymentFailed('$29', null));

/** The bank wants 3-D Secure; "Confirm payment" opens the challenge, completing it clears the alert. */
export const ActionRequired: Story = {
  parameters: {
    billing: billingFor(statuses.actionRequired, { afterPayment: statuses.activeMonthly }),
    sca: 'challenge',
  },
  play: async (context) => {
    const element = await banner(context.canvasElement, 'action_required');
    await expect(element).toHaveTextContent(l.actionRequired('$29'));
    await userEvent.click(within(element).getByRole('button', { name: l.confirmPayment }));
    const challenge = await screen.findByRole('dialog', { name: '3D Secure 2 Test Page' });
    await userEvent.click(within(challenge).getByRole('button', { name: /Complete/ }));
    await waitFor(() =>
      expect(within(context.canvasElement).getByRole('status')).toHaveAttribute(
        'data-state',
        'empty',
      ),
    );
    await expect(storyLoaded(context).stripe?.confirmed).toEqual([
      'pi_1TollgateDemo_secret_renewal',
    ]);
  },
};

/** The customer fails 3-D Secure: Stripe's reason is shown and the alert stays. */
export const ActionRequiredFailed: Story = {
  parameters: { billing: billingFor(statuses.actionRequired), sca: 'challenge' },
  play: async ({ canvasElement }) => {
    const element = await banner(canvasElement, 'action_required');
    await userEvent.click(within(element).getByRole('button', { name: l.confirmPayment }));
    const challenge = await screen.findByRole('dialog', { name: '3D Secure 2 Test Page' });
    await userEvent.click(within(challenge).getByRole('button', { name: /Fail/ }));
    await waitFor(() => expect(element).toHaveAttribute('data-state', 'error'));
    // People read the label for the code; Stripe's own message stays in error.message.
    await expect(element).toHaveTextContent(l.errors.PAYMENT_FAILED);
    await expect(element).not.toHaveTextContent(SCA_FAILURE_MESSAGE);
    await expect(element).toHaveAttribute('data-alert', 'action_required');
  },
};

/**
 * Unpaid after the last retry: the failed payment with its amount, saying access is paused, and
 * "Update card".
 */
export const Unpaid: Story = {
  parameters: { billing: billingFor(statuses.unpaid) },
  play: async ({ canvasElement }) => {
    const element = await banner(canvasElement, 'payment_failed');
    await expect(element).toHaveAttribute('data-status', 'unpaid');
    await expect(element).toHaveTextContent(l.paymentFailedPaused('$29'));
    await expect(within(element).getByRole('button', { name: l.updateCard })).toBeVisible();
  },
};

function endedStory(state: 'canceled' | 'paused', reason: 'canceled' | 'paused'): Story {
  return {
    parameters: { billing: billingFor(statuses[state]) },
    play: async ({ canvasElement }) => {
      const element = await banner(canvasElement, 'access_ended');
      await expect(element).toHaveTextContent(l.accessEnded(reason));
      await expect(within(element).getByRole('link', { name: l.choosePlan })).toHaveAttribute(
        'href',
        '/pricing',
      );
    },
  };
}

/** An upgrade waits for its payment (3-D Secure): the banner asks for it, amount from the invoice. */
export const UpgradeAwaitingPayment: Story = {
  parameters: {
    billing: billingFor(statuses.upgradePending, { afterPayment: statuses.activeMonthly }),
    sca: 'succeeded',
  },
  play: async (context) => {
    const element = await banner(context.canvasElement, 'action_required');
    await expect(element).toHaveTextContent(l.actionRequired('$11.67'));
    await userEvent.click(within(element).getByRole('button', { name: l.confirmPayment }));
    await waitFor(() =>
      expect(within(context.canvasElement).getByRole('status')).toHaveAttribute(
        'data-state',
        'empty',
      ),
    );
    await expect(storyLoaded(context).stripe?.confirmed).toEqual([
      'pi_1TollgateDemo_secret_upgrade',
    ]);
  },
};

/** The first payment was never completed and Stripe expired the subscription. */
export const IncompleteExpired: Story = {
  parameters: { billing: billingFor(statuses.incompleteExpired) },
  play: async ({ canvasElement }) => {
    const element = await banner(canvasElement, 'access_ended');
    await expect(element).toHaveTextContent(l.accessEnded('incomplete_expired'));
  },
};

/** The subscription ended: "Choose a plan" leads to the pricing page. */
export const Canceled = endedStory('canceled', 'canceled');
/** The trial ended without a card and Stripe paused the subscription. */
export const Paused = endedStory('paused', 'paused');

/** The first payment never finished: "Finish payment" links to Stripe's hosted invoice. */
export const Incomplete: Story = {
  parameters: { billing: billingFor(statuses.incomplete) },
  play: async ({ canvasElement }) => {
    const element = await banner(canvasElement, 'incomplete');
    await expect(element).toHaveTextContent(l.incomplete('Nov 28, 2026'));
    await expect(within(element).getByRole('link', { name: l.finishCheckout })).toHaveAttribute(
      'href',
      fixtures.status.incomplete.alerts[0]?.type === 'incomplete'
        ? fixtures.status.incomplete.alerts[0].hostedInvoiceUrl
        : '',
    );
  },
};

/** Dismissing an informational alert hides it for the page view and reports which it was. */
export const Dismiss: Story = {
  parameters: { billing: billingFor(statuses.downgradeScheduled) },
  play: async ({ args, canvasElement }) => {
    const element = await banner(canvasElement, 'downgrade_scheduled');
    within(element).getByRole('button', { name: l.dismiss }).focus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() =>
      expect(within(canvasElement).getByRole('status')).toHaveAttribute('data-state', 'empty'),
    );
    await expect(args.onDismiss).toHaveBeenCalledWith(
      expect.objectContaining({ type: 'downgrade_scheduled' }),
    );
  },
};

/** While status loads the banner is an empty live region (nothing flashes). */
export const Loading: Story = {
  parameters: { billing: mockBillingApi({ status: pending() }) },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole('status')).toBeEmptyDOMElement();
  },
};

/** Status cannot be loaded: the banner says so (never guessing an alert) and can try again. */
export const StatusError: Story = {
  parameters: {
    billing: mockBillingApi({
      status: [
        apiError('INTERNAL_ERROR', 'The billing service failed unexpectedly.'),
        statuses.cancelPending,
      ],
    }),
  },
  play: async ({ canvasElement }) => {
    const region = await within(canvasElement).findByRole('status');
    await waitFor(() => expect(region).toHaveAttribute('data-state', 'error'));
    await expect(region).toHaveTextContent(l.statusError);
    await userEvent.click(within(region).getByRole('button', { name: l.retry }));
    await banner(canvasElement, 'cancel_pending');
  },
};

/** Dark theme: the past-due alert against a dark page. */
export const DarkTheme: Story = {
  globals: { theme: 'dark' },
  play: async ({ canvasElement }) => {
    await banner(canvasElement, 'payment_failed');
  },
};

/** Arabic, right to left: dates in Arabic, the layout mirrored. */
export const RightToLeft: Story = {
  globals: { locale: 'ar' },
  parameters: { billing: billingFor(statuses.cancelPending) },
  play: async ({ canvasElement }) => {
    const element = await banner(canvasElement, 'cancel_pending');
    await expect(element.closest('[dir]')).toHaveAttribute('dir', 'rtl');
    await expect(element).toHaveTextContent(l.cancelPending(day('2026-12-15T00:00:00.000Z', 'ar')));
  },
};

/** A 375 px wide phone. */
export const Phone: Story = {
  globals: { viewport: { value: 'phone375', isRotated: false } },
  parameters: { billing: billingFor(statuses.actionRequired) },
  play: async ({ canvasElement }) => {
    await banner(canvasElement, 'action_required');
    await expect(window.innerWidth).toBe(375);
    // Nothing overflows sideways: the banner wraps instead of forcing a horizontal scroll.
    await expect(document.documentElement.scrollWidth).toBeLessThanOrEqual(window.innerWidth);
  },
};

/** `unstyled`: no `tg-` class names, so styles.css does not apply; the data attributes stay. */
export const Unstyled: Story = {
  args: { unstyled: true },
  play: async ({ canvasElement }) => {
    const element = await banner(canvasElement, 'payment_failed');
    await expect(element.className).toBe('');
    await expect(canvasElement.querySelector('[class*="tg-"]')).toBeNull();
    await expect(element).toHaveAttribute('data-severity', 'critical');
  },
};

/** Custom copy through the provider's `labels`, with "Choose a plan" handled in-app. */
export const CustomLabels: Story = {
  args: { onChoosePlan: fn() },
  parameters: {
    billing: billingFor(statuses.canceled),
    provider: {
      labels: { choosePlan: 'See plans', accessEnded: () => 'Your workspace is read-only.' },
    },
  },
  play: async ({ args, canvasElement }) => {
    const element = await banner(canvasElement, 'access_ended');
    await expect(element).toHaveTextContent('Your workspace is read-only.');
    await userEvent.click(within(element).getByRole('button', { name: 'See plans' }));
    await expect(args.onChoosePlan).toHaveBeenCalledOnce();
  },
};

/** Every billing state side by side. */
export const Overview: Story = {
  parameters: { billing: gridApis(stateCells(STATE_STORIES)) },
  render: (args, context) => (
    <StateGrid cells={stateCells(STATE_STORIES)} locale={String(context.globals.locale)}>
      {() => <BillingStatusBanner {...args} />}
    </StateGrid>
  ),
  play: async ({ canvasElement }) => {
    const expected = {
      trialEnding: 'trial_ending',
      cancelPending: 'cancel_pending',
      downgradeScheduled: 'downgrade_scheduled',
      pastDueFinal: 'payment_failed',
      actionRequired: 'action_required',
      canceled: 'access_ended',
      incomplete: 'incomplete',
    };
    for (const [state, alert] of Object.entries(expected)) {
      const cell = gridCell(canvasElement, state);
      await banner(cell, alert);
    }
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
