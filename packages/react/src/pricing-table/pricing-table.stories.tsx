import type { Meta, StoryObj } from '@storybook/react-vite';
import type { PlansResponse } from '@tollgate/core';
import { fixtures } from '@tollgate/core/fixtures';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { storyLoaded } from '../../../../.storybook/billing-decorator';
import { money } from '../../../../.storybook/format';
import {
  apiError,
  billingRequests,
  mockBillingApi,
  pending,
  plansFor,
} from '../../../../.storybook/msw';
import { billingFor, HOSTED, statuses } from '../../../../.storybook/scenarios';
import { type GridCell, gridApis, gridCell, StateGrid } from '../../../../.storybook/state-grid';
import { defaultLabels as l } from '../provider/labels';
import { PricingTable, type PricingTableProps } from './pricing-table';

/** A visitor who is not subscribed: USD plans, trial eligible. */
const visitor = (plans: PlansResponse = fixtures.plans.usd) =>
  mockBillingApi({
    plans,
    status: statuses.free,
    checkout: { uiMode: 'hosted', url: HOSTED.checkout },
  });

const emptyCatalog: PlansResponse = { plans: [], current: null, trialEligible: true };

const meta = {
  title: 'Components/PricingTable',
  component: PricingTable,
  args: { successPath: '/billing?checkout=done', cancelPath: '/pricing', onIntervalChange: fn() },
  parameters: { billing: visitor() },
} satisfies Meta<typeof PricingTable>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The card of a plan, once the table is ready. */
async function card(canvasElement: HTMLElement, plan: string) {
  const heading = await within(canvasElement).findByRole('heading', { level: 3, name: plan });
  return heading.closest('li') as HTMLElement;
}

/** The price line of a plan card. */
const priceOf = (element: HTMLElement) => element.querySelector('[data-interval]');

/** Signed out, USD, en-US: Starter to subscribe, Pro with its 14-day trial, Free without action. */
export const UsdEnUs: Story = {
  play: async ({ canvasElement }) => {
    const starter = await card(canvasElement, 'Starter');
    await expect(priceOf(starter)).toHaveTextContent(
      `${money(900, 'usd')} ${l.perInterval('month')}`,
    );
    await expect(within(starter).getByRole('button')).toHaveAccessibleName(
      l.actionName(l.subscribe, 'Starter'),
    );
    const pro = await card(canvasElement, 'Pro');
    await expect(pro).toHaveAttribute('data-action', 'trial');
    await expect(
      within(pro).getByText(l.trialBadge(14), { selector: '[data-badge]' }),
    ).toBeVisible();
    await expect(within(await card(canvasElement, 'Free')).queryByRole('button')).toBeNull();
  },
};

/** Monthly → yearly: every price switches and the best yearly saving is announced on the option. */
export const ToggleInterval: Story = {
  play: async ({ args, canvasElement }) => {
    const canvas = within(canvasElement);
    const starter = await card(canvasElement, 'Starter');
    const yearly = canvas.getByRole('radio', { name: new RegExp(l.yearly) });
    await userEvent.click(yearly);
    await expect(yearly).toBeChecked();
    await expect(priceOf(starter)).toHaveTextContent(
      `${money(9000, 'usd')} ${l.perInterval('year')}`,
    );
    await expect(priceOf(await card(canvasElement, 'Enterprise'))).toHaveTextContent(
      money(99000, 'usd'),
    );
    const savings = canvasElement.querySelector<HTMLElement>('[data-savings]')!;
    await expect(savings).toHaveTextContent(l.save(Number(savings.dataset.savings)));
    await expect(args.onIntervalChange).toHaveBeenCalledWith('year');
    // Back with the keyboard: the toggle is one radio group.
    await userEvent.keyboard('{ArrowLeft}');
    await expect(canvas.getByRole('radio', { name: l.monthly })).toBeChecked();
    await expect(priceOf(starter)).toHaveTextContent(money(900, 'usd'));
  },
};

/** Choose Starter yearly and subscribe: the server is asked for a hosted checkout and the page leaves for it. */
export const SubscribeToPlan: Story = {
  play: async (context) => {
    const canvas = within(context.canvasElement);
    const starter = await card(context.canvasElement, 'Starter');
    await userEvent.click(canvas.getByRole('radio', { name: new RegExp(l.yearly) }));
    await userEvent.click(within(starter).getByRole('button', { name: /Subscribe/ }));
    await waitFor(() => expect(storyLoaded(context).navigations).toEqual([HOSTED.checkout]));
    await expect(billingRequests('checkout')[0]?.body).toEqual({
      plan: 'starter',
      interval: 'year',
      uiMode: 'hosted',
      successPath: '/billing?checkout=done',
      cancelPath: '/pricing',
    });
    await expect(within(starter).getByRole('button')).toHaveTextContent(l.redirecting);
  },
};

/** Checkout fails (Stripe is down): the reason is shown and no navigation happens. */
export const CheckoutError: Story = {
  parameters: {
    billing: mockBillingApi({
      plans: fixtures.plans.usd,
      status: statuses.free,
      checkout: apiError('STRIPE_UNAVAILABLE', 'Stripe did not answer — try again in a minute.'),
    }),
  },
  play: async (context) => {
    const pro = await card(context.canvasElement, 'Pro');
    await userEvent.click(within(pro).getByRole('button', { name: /trial/ }));
    await expect(
      await within(context.canvasElement).findByRole('alert', {}, { timeout: 10_000 }),
    ).toHaveTextContent('Stripe did not answer');
    await expect(storyLoaded(context).navigations).toEqual([]);
  },
};

/** A Starter customer picks Pro: "Switch" opens the plan switcher in place; confirming applies it. */
export const SwitchAndConfirm: Story = {
  parameters: {
    billing: billingFor(statuses.starterMonthly, {
      preview: fixtures.preview.upgrade,
      change: { outcome: 'applied', status: statuses.activeMonthly },
    }),
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const starter = await card(canvasElement, 'Starter');
    await expect(
      within(starter).getByText(l.currentPlan, { selector: '[data-badge]' }),
    ).toBeVisible();
    const pro = await card(canvasElement, 'Pro');
    await userEvent.click(
      within(pro).getByRole('button', { name: l.actionName(l.switchPlan, 'Pro') }),
    );
    const switcher = await canvas.findByRole('region', { name: l.switcherTitle });
    await waitFor(() => expect(switcher).toHaveAttribute('data-state', 'ready'));
    await expect(switcher.querySelector('[data-line="credit"]')).not.toBeNull();
    await userEvent.click(within(switcher).getByRole('button', { name: l.confirmChange }));
    await expect(await within(switcher).findByRole('status')).toHaveTextContent(
      l.changeApplied('Pro'),
    );
    await expect(billingRequests('change')[0]?.body).toEqual({
      plan: 'pro',
      interval: 'month',
      prorationDate: fixtures.preview.upgrade.prorationDate,
    });
    // The table now shows Pro as the current plan.
    await waitFor(() => expect(pro).toHaveAttribute('data-action', 'current'));
  },
};

/** A Pro-monthly customer: Pro is current; yearly Pro is a switch, not a second subscription. */
export const CurrentPlan: Story = {
  parameters: { billing: billingFor(statuses.activeMonthly) },
  play: async ({ canvasElement }) => {
    const pro = await card(canvasElement, 'Pro');
    await expect(pro).toHaveAttribute('data-current');
    await expect(within(pro).getByText(l.currentPlan, { selector: '[data-badge]' })).toBeVisible();
    await userEvent.click(within(canvasElement).getByRole('radio', { name: new RegExp(l.yearly) }));
    await expect(pro).toHaveAttribute('data-action', 'switch');
  },
};

/** Plans are on their way: a labelled skeleton. */
export const Loading: Story = {
  parameters: { billing: mockBillingApi({ plans: pending(), status: pending() }) },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole('status')).toHaveTextContent(
      l.plansLoading,
    );
    await expect(canvasElement.querySelector('[data-state="loading"]')).toHaveAttribute(
      'aria-busy',
      'true',
    );
  },
};

/** Plans failed to load; "Try again" loads them. */
export const ErrorWithRetry: Story = {
  parameters: {
    billing: mockBillingApi({
      ...visitor().scenario,
      plans: [
        apiError('INTERNAL_ERROR', 'The billing service failed unexpectedly.'),
        fixtures.plans.usd,
      ],
    }),
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole('alert')).toHaveTextContent(l.plansError);
    await userEvent.click(canvas.getByRole('button', { name: l.retry }));
    await card(canvasElement, 'Pro');
    await expect(billingRequests('plans')).toHaveLength(2);
  },
};

/** The catalog has no plans: the toggle without a saving, and no cards. */
export const EmptyCatalog: Story = {
  parameters: { billing: visitor(emptyCatalog) },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelector('[data-state="ready"]')).not.toBeNull());
    await expect(canvasElement.querySelector('[data-plan]')).toBeNull();
    await expect(canvasElement.querySelector('[data-savings]')).toBeNull();
  },
};

/** Euro prices in German: decimal comma, the sign after the amount. */
export const EurDeDe: Story = {
  globals: { locale: 'de-DE' },
  parameters: { billing: visitor(fixtures.plans.eur) },
  play: async ({ canvasElement }) => {
    const pro = await card(canvasElement, 'Pro');
    await expect(priceOf(pro)).toHaveTextContent(money(2700, 'eur', 'de-DE'));
    await expect(money(2700, 'eur', 'de-DE')).toBe('27,00 €');
  },
};

/** Yen in Japanese: a zero-decimal currency, so 4500 minor units are ¥4,500 (not ¥45.00). */
export const JpyJaJp: Story = {
  globals: { locale: 'ja-JP' },
  parameters: { billing: visitor(fixtures.plans.jpy) },
  play: async ({ canvasElement }) => {
    const pro = await card(canvasElement, 'Pro');
    await expect(priceOf(pro)).toHaveTextContent(money(4500, 'jpy', 'ja-JP'));
    await expect(priceOf(pro)?.textContent).not.toMatch(/[.,]\d{2}\b/);
  },
};

/** Kuwaiti dinar in Arabic, right to left: a three-decimal currency (2750 fils = 2.750 KWD). */
export const KwdArabicRtl: Story = {
  globals: { locale: 'ar' },
  parameters: { billing: visitor(fixtures.plans.kwd) },
  play: async ({ canvasElement }) => {
    const starter = await card(canvasElement, 'Starter');
    await expect(starter.closest('[dir]')).toHaveAttribute('dir', 'rtl');
    await expect(priceOf(starter)).toHaveTextContent(money(2750, 'kwd', 'ar'));
  },
};

/** Dark theme. */
export const DarkTheme: Story = {
  globals: { theme: 'dark' },
  play: async ({ canvasElement }) => {
    await card(canvasElement, 'Pro');
    await expect(document.documentElement).toHaveAttribute('data-theme', 'dark');
  },
};

/** A 320 px wide phone: the cards stack, nothing scrolls sideways. */
export const NarrowViewport: Story = {
  globals: { viewport: { value: 'mobile1', isRotated: false } },
  play: async ({ canvasElement }) => {
    await card(canvasElement, 'Enterprise');
    await expect(window.innerWidth).toBe(320);
    await expect(document.documentElement.scrollWidth).toBeLessThanOrEqual(window.innerWidth);
  },
};

/** `unstyled`: the same markup and `data-*` attributes, no `tg-` classes. */
export const Unstyled: Story = {
  args: { unstyled: true },
  play: async ({ canvasElement }) => {
    const pro = await card(canvasElement, 'Pro');
    await expect(canvasElement.querySelector('[class*="tg-"]')).toBeNull();
    await expect(pro).toHaveAttribute('data-action', 'trial');
  },
};

/**
 * Custom-rendered with the parts: a compact list (name, price, action) with the toggle after
 * it, styled by the app's own classes.
 */
export const CustomRendered: Story = {
  render: (args) => (
    <PricingTable.Root {...args} unstyled className="compact-pricing">
      <PricingTable.Plans className="compact-plans">
        {() => (
          <>
            <PricingTable.Name />
            <PricingTable.Price />
            <PricingTable.Action />
          </>
        )}
      </PricingTable.Plans>
      <PricingTable.IntervalToggle />
    </PricingTable.Root>
  ),
  play: async (context) => {
    const { canvasElement } = context;
    const starter = await card(canvasElement, 'Starter');
    await expect(starter.querySelector('ul')).toBeNull();
    await expect(canvasElement.querySelector('.compact-plans')).not.toBeNull();
    await userEvent.click(within(canvasElement).getByRole('radio', { name: new RegExp(l.yearly) }));
    await userEvent.click(within(starter).getByRole('button', { name: /Subscribe/ }));
    await waitFor(() => expect(storyLoaded(context).navigations).toEqual([HOSTED.checkout]));
    await expect(billingRequests('checkout')[0]?.body).toMatchObject({ interval: 'year' });
  },
};

const error = apiError('INTERNAL_ERROR', 'The billing service failed unexpectedly.');
const overviewCells: GridCell<Partial<PricingTableProps>>[] = [
  { id: 'loading', title: 'Loading', scenario: { plans: pending(), status: pending() } },
  { id: 'error', title: 'Error', scenario: { plans: error, status: statuses.free } },
  { id: 'empty', title: 'Empty catalog', scenario: { plans: emptyCatalog, status: statuses.free } },
  { id: 'visitor', title: 'Visitor, USD', scenario: visitor().scenario },
  {
    id: 'trial-used',
    title: 'Trial used',
    scenario: { plans: plansFor(statuses.freeAfterTrial), status: statuses.freeAfterTrial },
  },
  {
    id: 'starter',
    title: 'Starter customer',
    scenario: billingFor(statuses.starterMonthly).scenario,
  },
  {
    id: 'pro-yearly',
    title: 'Pro, yearly',
    scenario: billingFor(statuses.activeYearly).scenario,
  },
  { id: 'eur', title: 'EUR', scenario: visitor(fixtures.plans.eur).scenario },
  { id: 'jpy', title: 'JPY', scenario: visitor(fixtures.plans.jpy).scenario },
  { id: 'kwd', title: 'KWD', scenario: visitor(fixtures.plans.kwd).scenario },
];

/** Every state of the table side by side. */
export const Overview: Story = {
  parameters: { billing: gridApis(overviewCells) },
  render: (args, context) => (
    <StateGrid cells={overviewCells} locale={String(context.globals.locale)}>
      {(cell) => <PricingTable {...args} {...cell.props} />}
    </StateGrid>
  ),
  play: async ({ canvasElement }) => {
    const expected = {
      loading: 'loading',
      error: 'error',
      empty: 'ready',
      visitor: 'ready',
      'trial-used': 'ready',
      starter: 'ready',
      'pro-yearly': 'ready',
      eur: 'ready',
      jpy: 'ready',
      kwd: 'ready',
    };
    for (const [id, state] of Object.entries(expected)) {
      const cell = gridCell(canvasElement, id);
      await waitFor(() => expect(cell.querySelector(`[data-state="${state}"]`)).not.toBeNull());
    }
    const trialUsed = await card(gridCell(canvasElement, 'trial-used'), 'Pro');
    await expect(trialUsed).toHaveAttribute('data-action', 'subscribe');
  },
};
