import type { Meta, StoryObj } from '@storybook/react-vite';
import type { PlansResponse } from '@tollgate/core';
import { fixtures } from '@tollgate/core/fixtures';
import type { ComponentPropsWithRef } from 'react';
import { expect, fn, screen, userEvent, waitFor, within } from 'storybook/test';
import { storyLoaded } from '../../../../.storybook/billing-decorator';
import { money } from '../../../../.storybook/format';
import { DESKTOP_RTL, PHONE_DARK } from '../../../../.storybook/globals';
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
    // The catalog's recommended plan is highlighted.
    await expect(pro).toHaveAttribute('data-recommended');
    await expect(within(pro).getByText(l.recommended)).toBeVisible();
    const free = await card(canvasElement, 'Free');
    await expect(within(free).queryByRole('button')).toBeNull();
    await expect(priceOf(free)).toHaveTextContent(`${l.free} ${l.forever}`);
    // Prices sit on one row across the cards, whatever the descriptions' lengths.
    const tops = [...canvasElement.querySelectorAll('.tg-price')].map(
      (price) => price.getBoundingClientRect().top,
    );
    await expect(new Set(tops).size).toBe(1);
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
    const alert = await within(context.canvasElement).findByRole('alert', {}, { timeout: 10_000 });
    await expect(alert).toHaveTextContent(l.errors.STRIPE_UNAVAILABLE);
    await expect(alert).not.toHaveTextContent('Stripe did not answer');
    await expect(storyLoaded(context).navigations).toEqual([]);
  },
};

/**
 * A Starter customer picks Pro: "Upgrade" opens a dialog for that change alone, with the exact
 * amount due today; confirming applies it and the table marks Pro as current.
 */
export const UpgradeInDialog: Story = {
  parameters: {
    billing: billingFor(statuses.starterMonthly, {
      preview: fixtures.preview.upgrade,
      change: { outcome: 'applied', status: statuses.activeMonthly },
    }),
  },
  play: async ({ canvasElement }) => {
    const starter = await card(canvasElement, 'Starter');
    await expect(
      within(starter).getByText(l.currentPlan, { selector: '[data-badge]' }),
    ).toBeVisible();
    const pro = await card(canvasElement, 'Pro');
    await userEvent.click(
      within(pro).getByRole('button', { name: l.actionName(l.change('upgrade', 'month'), 'Pro') }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: l.changeTitle('upgrade', 'Pro', 'month'),
    });
    const switcher = dialog.querySelector('[data-state]')!;
    await waitFor(() => expect(switcher).toHaveAttribute('data-state', 'ready'));
    await expect(within(dialog).queryByRole('radio')).toBeNull();
    await expect(dialog.querySelector('[data-line="credit"]')).toHaveTextContent(
      fixtures.preview.upgrade.lines[0]!.description,
    );
    await expect(dialog.querySelector('[data-line="total"]')).toHaveTextContent(
      `${l.dueToday}${money(fixtures.preview.upgrade.amountDue, 'usd')}`,
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: l.confirmChange('upgrade', 'month') }),
    );
    await expect(await within(dialog).findByRole('status')).toHaveTextContent(
      l.changeApplied('Pro'),
    );
    await expect(billingRequests('change')[0]?.body).toEqual({
      plan: 'pro',
      interval: 'month',
      prorationDate: fixtures.preview.upgrade.prorationDate,
    });
    // The table now shows Pro as the current plan.
    await waitFor(() => expect(pro).toHaveAttribute('data-action', 'current'));
    await userEvent.click(within(dialog).getByRole('button', { name: l.close }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  },
};

const proCustomer = billingFor(statuses.activeMonthly, {
  preview: (request) =>
    request.kind === 'resume'
      ? fixtures.preview.resume
      : request.plan === 'starter'
        ? fixtures.preview.downgrade
        : request.interval === 'year' && request.plan === 'pro'
          ? fixtures.preview.intervalChange
          : { ...fixtures.preview.upgrade, plan: request.plan, interval: request.interval },
  change: (request) =>
    request.plan === 'starter'
      ? { outcome: 'scheduled', status: statuses.downgradeScheduled }
      : { outcome: 'applied', status: statuses.proYearlyFromToday },
});

/**
 * Pro → Starter from the Starter card: the dialog states that nothing is charged today, the new
 * price and when it starts, and schedules the downgrade.
 */
export const DowngradeInDialog: Story = {
  parameters: { billing: proCustomer },
  play: async ({ canvasElement }) => {
    const starter = await card(canvasElement, 'Starter');
    await userEvent.click(within(starter).getByRole('button', { name: /Downgrade/ }));
    const dialog = await screen.findByRole('dialog', {
      name: l.changeTitle('downgrade', 'Starter', 'month'),
    });
    await expect(await within(dialog).findByText(l.nothingToday)).toBeVisible();
    // The new plan's first invoice as Stripe previewed it.
    await expect(dialog.querySelector('[data-line="subscription"]')).toHaveTextContent(
      `1 × Starter (at $9.00 / month)`,
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: l.confirmChange('downgrade', 'month') }),
    );
    await expect(await within(dialog).findByRole('status')).toHaveTextContent(
      l.changeScheduled('Starter', 'Dec 15, 2026'),
    );
  },
};

/**
 * The dialog from the keyboard: Enter on "Switch to yearly" opens it with focus on Cancel, Tab
 * and Shift+Tab stay inside, Escape closes it and focus returns to the card's button.
 */
export const DialogKeyboardAndFocus: Story = {
  parameters: { billing: proCustomer },
  play: async ({ canvasElement }) => {
    await card(canvasElement, 'Pro');
    await userEvent.click(within(canvasElement).getByRole('radio', { name: new RegExp(l.yearly) }));
    const pro = await card(canvasElement, 'Pro');
    const trigger = within(pro).getByRole('button', {
      name: l.actionName(l.change('interval', 'year'), 'Pro'),
    });
    trigger.focus();
    await userEvent.keyboard('{Enter}');
    const dialog = await screen.findByRole('dialog', {
      name: l.changeTitle('interval', 'Pro', 'year'),
    });
    const cancel = await within(dialog).findByRole('button', { name: l.cancel });
    await waitFor(() => expect(cancel).toHaveFocus());
    for (let i = 0; i < 5; i++) {
      await userEvent.tab();
      await expect(dialog.contains(document.activeElement)).toBe(true);
    }
    for (let i = 0; i < 5; i++) {
      await userEvent.tab({ shift: true });
      await expect(dialog.contains(document.activeElement)).toBe(true);
    }
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await expect(trigger).toHaveFocus();
    await expect(billingRequests('change')).toHaveLength(0);
  },
};

/** The preview for the chosen change fails inside the dialog; "Try again" recovers. */
export const DialogPreviewError: Story = {
  parameters: {
    billing: billingFor(statuses.starterMonthly, {
      preview: [apiError('INTERNAL_ERROR', 'Stripe answered 500.'), fixtures.preview.upgrade],
    }),
  },
  play: async ({ canvasElement }) => {
    const pro = await card(canvasElement, 'Pro');
    await userEvent.click(within(pro).getByRole('button', { name: /Upgrade/ }));
    const dialog = await screen.findByRole('dialog');
    const alert = await within(dialog).findByRole('alert', {}, { timeout: 10_000 });
    await expect(alert).toHaveTextContent(l.previewError);
    await userEvent.click(within(alert).getByRole('button', { name: l.retry }));
    await expect(await within(dialog).findByText(l.dueToday)).toBeVisible();
  },
};

/**
 * A Pro-monthly customer: Pro is marked current in both intervals; yearly Pro offers "Switch to
 * yearly", Enterprise "Upgrade", Starter "Downgrade".
 */
export const CurrentPlan: Story = {
  parameters: { billing: billingFor(statuses.activeMonthly) },
  play: async ({ canvasElement }) => {
    const pro = await card(canvasElement, 'Pro');
    await expect(pro).toHaveAttribute('data-current', 'exact');
    await expect(within(pro).getByText(l.currentPlan, { selector: '[data-badge]' })).toBeVisible();
    await expect(
      within(await card(canvasElement, 'Enterprise')).getByRole('button'),
    ).toHaveTextContent(l.change('upgrade', 'month'));
    await expect(
      within(await card(canvasElement, 'Starter')).getByRole('button'),
    ).toHaveTextContent(l.change('downgrade', 'month'));
    await userEvent.click(within(canvasElement).getByRole('radio', { name: new RegExp(l.yearly) }));
    await expect(pro).toHaveAttribute('data-current', 'other_interval');
    await expect(within(pro).getByText(l.currentPlanOther('month'))).toBeVisible();
    await expect(within(pro).getByRole('button')).toHaveTextContent(l.change('interval', 'year'));
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
    const alert = await canvas.findByRole('alert');
    await expect(alert).toHaveTextContent(l.plansError);
    await expect(alert).toHaveTextContent(l.errors.INTERNAL_ERROR);
    await userEvent.click(canvas.getByRole('button', { name: l.retry }));
    await card(canvasElement, 'Pro');
    await expect(billingRequests('plans')).toHaveLength(2);
  },
};

/** The catalog has no plans: a plain note, no lone month/year toggle. */
export const EmptyCatalog: Story = {
  parameters: { billing: visitor(emptyCatalog) },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelector('[data-state="empty"]')).not.toBeNull());
    await expect(within(canvasElement).getByRole('status')).toHaveTextContent(l.plansEmpty);
    await expect(within(canvasElement).queryByRole('radio')).toBeNull();
  },
};

/** Euro prices in German: decimal comma, the sign after the amount. */
export const EurDeDe: Story = {
  globals: { locale: 'de-DE' },
  parameters: { billing: visitor(fixtures.plans.eur) },
  play: async ({ canvasElement }) => {
    const pro = await card(canvasElement, 'Pro');
    await expect(priceOf(pro)).toHaveTextContent(money(2700, 'eur', 'de-DE'));
    await expect(money(2700, 'eur', 'de-DE')).toBe('27 €');
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

/** A 375 px wide phone: the cards stack, nothing scrolls sideways. */
export const Phone: Story = {
  globals: { viewport: { value: 'phone375', isRotated: false } },
  play: async ({ canvasElement }) => {
    await card(canvasElement, 'Enterprise');
    await expect(window.innerWidth).toBe(375);
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

/** A router's `<Link>`, as apps have it: it navigates in-app and prevents the page load. */
function RouterLink(
  props: ComponentPropsWithRef<'a'> & { to: string; onNavigate: (to: string) => void },
) {
  const { to, onNavigate, onClick, ...rest } = props;
  return (
    <a
      {...rest}
      href={to}
      onClick={(event) => {
        onClick?.(event);
        event.preventDefault();
        onNavigate(to);
      }}
    />
  );
}

const routed = fn();

/**
 * `asChild`: each plan's action is the app's router link (to its own sign-up page), carrying the
 * part's class, `data-*` state and accessible name; the link's own navigation wins.
 */
export const ActionAsRouterLink: Story = {
  render: (args) => (
    <PricingTable.Root {...args}>
      <PricingTable.Plans>
        {(plan) => (
          <>
            <PricingTable.Name />
            <PricingTable.Price />
            <PricingTable.Action asChild>
              <RouterLink to={`/signup?plan=${plan.key}`} onNavigate={routed}>
                Choose {plan.name}
              </RouterLink>
            </PricingTable.Action>
          </>
        )}
      </PricingTable.Plans>
    </PricingTable.Root>
  ),
  play: async ({ canvasElement }) => {
    const starter = await card(canvasElement, 'Starter');
    const link = within(starter).getByRole('link', { name: 'Choose Starter' });
    await expect(link).toHaveAttribute('data-action', 'subscribe');
    await expect(link).toHaveClass('tg-button');
    await userEvent.click(link);
    await expect(routed).toHaveBeenCalledWith('/signup?plan=starter');
    await expect(billingRequests('checkout')).toHaveLength(0);
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
      empty: 'empty',
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

/** Per-seat Team ($12 a seat, 2 to 50) beside plans sold as one unit; Pro offers LAUNCH20. */
export const PerSeatAndDiscount: Story = {
  parameters: { billing: visitor(fixtures.plans.perSeat) },
  play: async ({ canvasElement }) => {
    const team = await card(canvasElement, 'Team');
    await expect(priceOf(team)).toHaveTextContent(`${money(1200, 'usd')} ${l.perSeat('month')}`);
    const stepper = within(team).getByRole('group', { name: l.seatsFor('Team') });
    await userEvent.click(within(stepper).getByRole('button', { name: l.addSeat }));
    await userEvent.click(within(stepper).getByRole('button', { name: l.addSeat }));
    await expect(within(stepper).getByRole('spinbutton', { name: l.seats })).toHaveValue(4);
    await expect(team).toHaveTextContent(l.seatTotal(4, money(4800, 'usd'), 'month'));
    const pro = await card(canvasElement, 'Pro');
    await expect(pro).toHaveTextContent(
      l.withCode(l.discountTerms('20%', 'repeating', 3), 'LAUNCH20'),
    );
  },
};

/** A Team subscriber with 3 seats: the stepper starts there; other seats offer "Update seats". */
export const SeatStepperSubscriber: Story = {
  parameters: {
    billing: billingFor(fixtures.status.teamSeats, {
      plans: fixtures.plans.perSeatCurrentTeam,
      preview: fixtures.preview.seatsUp,
    }),
  },
  play: async ({ canvasElement }) => {
    const team = await card(canvasElement, 'Team');
    await expect(team).toHaveAttribute('data-action', 'current');
    await userEvent.click(within(team).getByRole('button', { name: l.addSeat }));
    await userEvent.click(within(team).getByRole('button', { name: l.addSeat }));
    await expect(
      within(team).getByRole('button', { name: l.actionName(l.change('seats', 'month'), 'Team') }),
    ).toBeVisible();
  },
};

/**
 * A Team subscriber with TEAM5 ($5 off forever) on the subscription: the current card shows
 * their own discount; Pro shows no LAUNCH20 offer (a plan change redeems no promotion code).
 */
export const CurrentPlanDiscount: Story = {
  parameters: {
    billing: billingFor(
      {
        ...fixtures.status.teamSeats,
        discount: fixtures.plans.perSeatCurrentTeamDiscounted.current!.discount!,
      },
      { plans: fixtures.plans.perSeatCurrentTeamDiscounted },
    ),
  },
  play: async ({ canvasElement }) => {
    const team = await card(canvasElement, 'Team');
    await expect(team.querySelector('[data-discount="current"]')).toHaveTextContent(
      l.yourDiscount(l.withCode(l.discountTerms(money(500, 'usd'), 'forever', null), 'TEAM5')),
    );
    const pro = await card(canvasElement, 'Pro');
    await expect(pro.querySelector('[data-discount]')).toBeNull();
  },
};
