import type { Meta, StoryObj } from '@storybook/react-vite';
import type { Preview, PreviewRequest } from '@tollgate/core';
import { fixtures } from '@tollgate/core/fixtures';
import { expect, fn, screen, userEvent, waitFor, within } from 'storybook/test';
import { storyLoaded } from '../../../../.storybook/billing-decorator';
import { day, money } from '../../../../.storybook/format';
import { DESKTOP_RTL, PHONE_DARK } from '../../../../.storybook/globals';
import {
  apiError,
  type BillingScenario,
  billingRequests,
  mockBillingApi,
  pending,
  plansFor,
  type Reply,
} from '../../../../.storybook/msw';
import { billingFor, requiresAction, statuses } from '../../../../.storybook/scenarios';
import { type GridCell, gridApis, gridCell, StateGrid } from '../../../../.storybook/state-grid';
import { SCA_FAILURE_MESSAGE } from '../../../../.storybook/stripe-double';
import { defaultLabels as l } from '../provider/labels';
import { PlanSwitcher, type PlanSwitcherProps } from './plan-switcher';

const { preview } = fixtures;

/** The radio for a plan and interval, named the way a screen reader announces it. */
const option = (plan: string, interval: 'month' | 'year', amount: number) =>
  `${plan} ${interval === 'month' ? l.monthly : l.yearly} ${money(amount, 'usd')} ${l.perInterval(interval)}`;

/** Answers `/preview` with the fixture for the requested `plan:interval` (or `resume`); anything else is a story bug. */
const previews = (table: Record<string, Reply<Preview>>) => (request: PreviewRequest) => {
  const key = request.kind === 'resume' ? 'resume' : `${request.plan}:${request.interval}`;
  return table[key] ?? apiError('UNKNOWN_PLAN', `No preview fixture for ${key}.`);
};

/** A Starter-monthly customer: upgrading to Pro previews a credit and a charge. */
const starterCustomer = (overrides: BillingScenario = {}) =>
  billingFor(statuses.starterMonthly, {
    preview: previews({ 'pro:month': preview.upgrade }),
    change: { outcome: 'applied', status: statuses.activeMonthly },
    ...overrides,
  });

/** A Pro-monthly customer: Starter is a downgrade at period end, Pro yearly an interval change. */
const proCustomer = (overrides: BillingScenario = {}) =>
  billingFor(statuses.activeMonthly, {
    preview: previews({
      'starter:month': preview.downgrade,
      'pro:year': preview.intervalChange,
      resume: preview.resume,
    }),
    change: (request) =>
      request.plan === 'starter'
        ? { outcome: 'scheduled', status: statuses.downgradeScheduled }
        : { outcome: 'applied', status: statuses.proYearlyFromToday },
    ...overrides,
  });

const meta = {
  title: 'Components/PlanSwitcher',
  component: PlanSwitcher,
  args: { onDone: fn(), onValueChange: fn() },
  parameters: { billing: starterCustomer() },
} satisfies Meta<typeof PlanSwitcher>;

export default meta;
type Story = StoryObj<typeof meta>;

async function switcher(canvasElement: HTMLElement, state?: string) {
  const section = await within(canvasElement).findByRole('region', { name: l.switcherTitle });
  if (state) await waitFor(() => expect(section).toHaveAttribute('data-state', state));
  return section;
}

async function choose(canvasElement: HTMLElement, name: string) {
  const section = await switcher(canvasElement, 'idle');
  await userEvent.click(within(section).getByRole('radio', { name }));
  return section;
}

/** Nothing chosen yet: every paid plan × interval, the current one disabled. */
export const Idle: Story = {
  play: async ({ canvasElement }) => {
    const section = await switcher(canvasElement, 'idle');
    const radios = within(section).getAllByRole('radio');
    await expect(radios).toHaveLength(6);
    await expect(
      within(section).getByRole('radio', {
        name: `${option('Starter', 'month', 900)} ${l.currentSuffix}`,
      }),
    ).toBeDisabled();
    await expect(
      within(section).queryByRole('button', { name: /now|Schedule|Switch to/ }),
    ).toBeNull();
  },
};

/**
 * Starter → Pro now: each line as Stripe itemised it (its description and the period it covers),
 * what is due today and the next bill.
 */
export const UpgradeWithCredit: Story = {
  play: async ({ args, canvasElement }) => {
    const section = await choose(canvasElement, option('Pro', 'month', 2900));
    await waitFor(() => expect(section).toHaveAttribute('data-state', 'ready'));
    const [credit, charge] = preview.upgrade.lines;
    await expect(section.querySelector('[data-line="credit"]')).toHaveTextContent(
      `${credit!.description}${l.linePeriod(day(credit!.periodStart), day(credit!.periodEnd))}${money(credit!.amount, 'usd')}`,
    );
    await expect(section.querySelector('[data-line="charge"]')).toHaveTextContent(
      `${charge!.description}${l.linePeriod(day(charge!.periodStart), day(charge!.periodEnd))}${money(charge!.amount, 'usd')}`,
    );
    await expect(section.querySelector('[data-line="total"]')).toHaveTextContent(
      `${l.dueToday}${money(preview.upgrade.amountDue, 'usd')}`,
    );
    await userEvent.click(
      within(section).getByRole('button', { name: l.confirmChange('upgrade', 'month') }),
    );
    await expect(await within(section).findByRole('status')).toHaveTextContent(
      l.changeApplied('Pro'),
    );
    // What was previewed is what is billed: the change carries the preview's proration date.
    await expect(billingRequests('change').map((r) => r.body)).toEqual([
      { plan: 'pro', interval: 'month', prorationDate: preview.upgrade.prorationDate },
    ]);
    await expect(args.onDone).toHaveBeenCalledWith(expect.objectContaining({ outcome: 'applied' }));
  },
};

/** Pro → Starter: nothing is charged today; the new price and its start date are stated. */
export const DowngradeAtPeriodEnd: Story = {
  parameters: { billing: proCustomer() },
  play: async ({ canvasElement }) => {
    const section = await choose(canvasElement, option('Starter', 'month', 900));
    await expect(await within(section).findByText(l.nothingToday)).toBeVisible();
    await expect(section.querySelector('[data-line="subscription"]')).toHaveTextContent(
      `1 × Starter (at $9.00 / month)`,
    );
    await expect(
      within(section).getByText(
        l.changeSummary('Pro (Monthly)', 'Starter (Monthly)', 'Dec 15, 2026'),
      ),
    ).toBeVisible();
    await userEvent.click(
      within(section).getByRole('button', { name: l.confirmChange('downgrade', 'month') }),
    );
    await expect(await within(section).findByRole('status')).toHaveTextContent(
      l.changeScheduled('Starter', 'Dec 15, 2026'),
    );
    await expect(billingRequests('change')[0]?.body).toMatchObject({ plan: 'starter' });
  },
};

/** Pro monthly → Pro yearly: credit for the unused month, a full year now, the next bill in a year. */
export const MonthToYear: Story = {
  parameters: { billing: proCustomer() },
  play: async ({ canvasElement }) => {
    const section = await choose(canvasElement, option('Pro', 'year', 29000));
    await waitFor(() => expect(section).toHaveAttribute('data-state', 'ready'));
    await expect(section.querySelector('[data-line="subscription"]')).toHaveTextContent(
      money(29000, 'usd'),
    );
    await expect(section.querySelector('[data-line="next"]')).toHaveTextContent(
      `${l.nextBill}${l.nextBillOn(money(29000, 'usd'), day(preview.intervalChange.nextBillDate))}`,
    );
    await userEvent.click(
      within(section).getByRole('button', { name: l.confirmChange('interval', 'year') }),
    );
    await expect(await within(section).findByRole('status')).toHaveTextContent(
      l.changeApplied('Pro'),
    );
    await expect(billingRequests('change')[0]?.body).toMatchObject({
      plan: 'pro',
      interval: 'year',
    });
  },
};

/** The bank asks for 3-D Secure on the upgrade's invoice; completing it confirms the change. */
export const ScaOnConfirm: Story = {
  parameters: {
    billing: starterCustomer({
      change: requiresAction(preview.upgrade.amountDue),
      afterPayment: statuses.activeMonthly,
    }),
    sca: 'challenge',
  },
  play: async (context) => {
    const section = await choose(context.canvasElement, option('Pro', 'month', 2900));
    await waitFor(() => expect(section).toHaveAttribute('data-state', 'ready'));
    await userEvent.click(
      within(section).getByRole('button', { name: l.confirmChange('upgrade', 'month') }),
    );
    const challenge = await screen.findByRole('dialog', { name: '3D Secure 2 Test Page' });
    await userEvent.click(within(challenge).getByRole('button', { name: /Complete/ }));
    await expect(await within(section).findByRole('status')).toHaveTextContent(l.paymentConfirmed);
    await expect(storyLoaded(context).stripe?.confirmed).toEqual([
      'pi_1TollgateDemo_secret_change',
    ]);
    await expect(context.args.onDone).toHaveBeenCalledWith({ outcome: 'confirmed' });
  },
};

/** The customer fails 3-D Secure: the plan does not change and the invoice can be paid instead. */
export const ScaOnConfirmFailed: Story = {
  parameters: {
    billing: starterCustomer({ change: requiresAction(preview.upgrade.amountDue) }),
    sca: 'challenge',
  },
  play: async ({ args, canvasElement }) => {
    const section = await choose(canvasElement, option('Pro', 'month', 2900));
    await waitFor(() => expect(section).toHaveAttribute('data-state', 'ready'));
    await userEvent.click(
      within(section).getByRole('button', { name: l.confirmChange('upgrade', 'month') }),
    );
    const challenge = await screen.findByRole('dialog', { name: '3D Secure 2 Test Page' });
    await userEvent.click(within(challenge).getByRole('button', { name: /Fail/ }));
    const alert = await within(section).findByRole('alert');
    await expect(alert).toHaveTextContent(l.scaFailed);
    await expect(alert).not.toHaveTextContent(SCA_FAILURE_MESSAGE);
    await expect(within(alert).getByRole('link', { name: l.payInvoice })).toHaveAttribute(
      'href',
      requiresAction(0).hostedInvoiceUrl,
    );
    await expect(args.onDone).not.toHaveBeenCalled();
  },
};

/** The preview fails; "Try again" asks once more and shows it. */
export const PreviewError: Story = {
  parameters: {
    billing: starterCustomer({
      preview: [
        apiError('INTERNAL_ERROR', 'The billing service failed unexpectedly.'),
        preview.upgrade,
      ],
    }),
  },
  play: async ({ canvasElement }) => {
    const section = await choose(canvasElement, option('Pro', 'month', 2900));
    const alert = await within(section).findByRole('alert');
    await expect(alert).toHaveTextContent(l.previewError);
    await expect(alert).toHaveTextContent(l.errors.INTERNAL_ERROR);
    await expect(
      within(section).getByRole('button', { name: l.confirmChange('upgrade', 'month') }),
    ).toHaveAttribute('aria-disabled', 'true');
    await userEvent.click(within(alert).getByRole('button', { name: l.retry }));
    await waitFor(() => expect(section).toHaveAttribute('data-state', 'ready'));
    await expect(billingRequests('preview')).toHaveLength(2);
  },
};

/**
 * A downgrade is already scheduled, with LAUNCH20 on the subscription: the switcher says so, shows
 * what keeping Pro bills at period end (Stripe's preview: discount, tax, amount and date) before
 * "Keep my current plan", and the current plan's discount with its end.
 */
export const DowngradeScheduled: Story = {
  parameters: { billing: proCustomer({ status: fixtures.status.downgradeScheduledDiscounted }) },
  play: async ({ canvasElement }) => {
    const section = await switcher(canvasElement, 'idle');
    await expect(section).toHaveTextContent(l.scheduledNote('Starter', 'Dec 15, 2026'));
    const kept = preview.resume;
    const next = await within(section).findByText(l.keptBill('Pro'));
    await expect(next.closest('[data-line="kept"]')).toHaveTextContent(
      `${l.keptBill('Pro')}${l.nextBillOn(money(kept.nextBillAmount, 'usd'), 'Dec 15, 2026')}`,
    );
    await expect(section.querySelector('.tg-scheduled [data-line="tax"]')).toHaveTextContent(
      `${l.tax('Sales tax', 8.25, false)}${money(kept.taxes[0]!.amount, 'usd')}`,
    );
    await expect(billingRequests('preview')[0]?.body).toEqual({
      kind: 'resume',
      undo: 'scheduled_change',
    });
    await expect(section).toHaveTextContent(
      l.yourDiscount('20% off for 3 months with LAUNCH20 (until Feb 27, 2027)'),
    );
  },
};

/**
 * Pro monthly set to end on Dec 15: the end date with what keeping it bills and "Keep
 * subscription"; Starter chosen is a change at period end, which Stripe cannot schedule on a
 * subscription set to end, so no preview is asked for and the switcher says to keep it first.
 * Keeping it (keyboard) previews the downgrade.
 */
export const CancelPendingDowngrade: Story = {
  parameters: { billing: proCustomer({ status: fixtures.status.cancelPending }) },
  args: { defaultValue: { plan: 'starter', interval: 'month' } },
  play: async ({ canvasElement }) => {
    const section = await switcher(canvasElement, 'cancel_pending');
    const ending = await waitFor(() => {
      const element = section.querySelector<HTMLElement>('[data-undo="cancellation"]');
      if (!element) throw new Error('no pending cancellation shown yet');
      return element;
    });
    await expect(ending).toHaveTextContent(l.cancelPending('Dec 15, 2026'));
    await within(ending).findByText(l.keptBill('Pro'));
    await expect(within(section).getByText(l.resumeFirst)).toBeVisible();
    await expect(
      within(section).queryByRole('button', { name: l.confirmChange('downgrade', 'month') }),
    ).toBeNull();
    await expect(billingRequests('preview').map((r) => r.body)).toEqual([
      { kind: 'resume', undo: 'cancellation' },
    ]);
    within(ending).getByRole('button', { name: l.resume }).focus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(section).toHaveAttribute('data-state', 'ready'));
    await expect(billingRequests('resume')[0]?.body).toEqual({ undo: 'cancellation' });
    await expect(
      within(section).getByRole('button', { name: l.confirmChange('downgrade', 'month') }),
    ).toBeVisible();
  },
};

/** "Keep my current plan" from the keyboard, once its bill is shown: the schedule is dropped. */
export const KeepCurrentPlan: Story = {
  parameters: DowngradeScheduled.parameters,
  play: async ({ canvasElement }) => {
    const section = await switcher(canvasElement, 'idle');
    await within(section).findByText(l.keptBill('Pro'));
    within(section).getByRole('button', { name: l.keepPlan }).focus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(within(section).queryByText(/Changing to/)).toBeNull());
    await expect(billingRequests('resume')[0]?.body).toEqual({ undo: 'scheduled_change' });
  },
};

/** Pro monthly with LAUNCH20: the current plan carries the discount's terms and end date. */
export const CurrentPlanDiscount: Story = {
  parameters: { billing: proCustomer({ status: fixtures.status.discounted }) },
  play: async ({ canvasElement }) => {
    const section = await switcher(canvasElement, 'idle');
    const current = within(section).getByRole('radio', { name: new RegExp(l.currentSuffix) });
    await expect(current.closest('label')).toHaveTextContent(
      l.yourDiscount('20% off for 3 months with LAUNCH20 (until Feb 27, 2027)'),
    );
  },
};

/** Plans and status are on their way. */
export const Loading: Story = {
  parameters: { billing: mockBillingApi({ plans: pending(), status: pending() }) },
  play: async ({ canvasElement }) => {
    const section = await switcher(canvasElement, 'loading');
    await expect(within(section).getByRole('status')).toHaveTextContent(l.plansLoading);
  },
};

/** Status failed to load; "Try again" recovers. */
export const ErrorWithRetry: Story = {
  parameters: {
    billing: starterCustomer({
      status: [
        apiError('INTERNAL_ERROR', 'The billing service failed unexpectedly.'),
        statuses.starterMonthly,
      ],
    }),
  },
  play: async ({ canvasElement }) => {
    const section = await switcher(canvasElement, 'error');
    const alert = within(section).getByRole('alert');
    await expect(alert).toHaveTextContent(l.errors.INTERNAL_ERROR);
    await expect(alert).not.toHaveTextContent('The billing service failed unexpectedly.');
    await userEvent.click(within(alert).getByRole('button', { name: l.retry }));
    await switcher(canvasElement, 'idle');
  },
};

/** No subscription yet: nothing to change (each would end in 409), checkout is the way in. */
export const Unavailable: Story = {
  parameters: { billing: billingFor(statuses.free) },
  play: async ({ canvasElement }) => {
    const section = await switcher(canvasElement, 'unavailable');
    await expect(within(section).getByRole('status')).toHaveTextContent(l.noSubscriptionToChange);
    await expect(within(section).queryByRole('radio')).toBeNull();
  },
};

/** The catalog sells no paid plan. */
export const Empty: Story = {
  parameters: {
    billing: billingFor(statuses.activeMonthly, {
      plans: { ...fixtures.plans.usdCurrentPro, plans: [] },
    }),
  },
  play: async ({ canvasElement }) => {
    const section = await switcher(canvasElement, 'empty');
    await expect(within(section).getByRole('status')).toHaveTextContent(l.switcherEmpty);
  },
};

/** Keyboard only: arrow keys move between options, Enter confirms the previewed change. */
export const Keyboard: Story = {
  play: async ({ canvasElement }) => {
    const section = await switcher(canvasElement, 'idle');
    await userEvent.tab();
    await expect(
      within(section).getByRole('radio', { name: option('Starter', 'year', 9000) }),
    ).toHaveFocus();
    await userEvent.keyboard('{ArrowDown}');
    const pro = within(section).getByRole('radio', { name: option('Pro', 'month', 2900) });
    await expect(pro).toHaveFocus();
    await expect(pro).toBeChecked();
    await waitFor(() => expect(section).toHaveAttribute('data-state', 'ready'));
    await userEvent.tab();
    const confirm = within(section).getByRole('button', {
      name: l.confirmChange('upgrade', 'month'),
    });
    await expect(confirm).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await expect(await within(section).findByRole('status')).toHaveTextContent(
      l.changeApplied('Pro'),
    );
  },
};

/** Dark theme, with an upgrade preview open. */
export const DarkTheme: Story = {
  globals: { theme: 'dark' },
  args: { defaultValue: { plan: 'pro', interval: 'month' } },
  play: async ({ canvasElement }) => {
    await switcher(canvasElement, 'ready');
  },
};

/** Arabic, right to left: money and dates in Arabic. */
export const RightToLeft: Story = {
  globals: { locale: 'ar' },
  args: { defaultValue: { plan: 'pro', interval: 'month' } },
  play: async ({ canvasElement }) => {
    const section = await switcher(canvasElement, 'ready');
    await expect(section.closest('[dir]')).toHaveAttribute('dir', 'rtl');
    await expect(section.querySelector('[data-line="total"]')).toHaveTextContent(
      money(preview.upgrade.amountDue, 'usd', 'ar'),
    );
  },
};

/** A 375 px wide phone, with the preview open. */
export const Phone: Story = {
  globals: { viewport: { value: 'phone375', isRotated: false } },
  args: { defaultValue: { plan: 'pro', interval: 'month' } },
  play: async ({ canvasElement }) => {
    await switcher(canvasElement, 'ready');
    await expect(window.innerWidth).toBe(375);
    await expect(document.documentElement.scrollWidth).toBeLessThanOrEqual(window.innerWidth);
  },
};

/** `unstyled`: no `tg-` classes; the `data-*` state attributes stay for your own CSS. */
export const Unstyled: Story = {
  args: { unstyled: true, defaultValue: { plan: 'pro', interval: 'month' } },
  play: async ({ canvasElement }) => {
    const section = await switcher(canvasElement, 'ready');
    await expect(canvasElement.querySelector('[class*="tg-"]')).toBeNull();
    await expect(section.querySelector('[data-line="credit"]')).not.toBeNull();
  },
};

const overviewCells: GridCell<Partial<PlanSwitcherProps>>[] = [
  {
    id: 'loading',
    title: 'Loading',
    scenario: { plans: pending(), status: pending() },
  },
  {
    id: 'error',
    title: 'Error',
    scenario: {
      plans: plansFor(statuses.starterMonthly),
      status: apiError('INTERNAL_ERROR', 'The billing service failed unexpectedly.'),
    },
  },
  { id: 'idle', title: 'Idle', scenario: starterCustomer().scenario },
  {
    id: 'previewing',
    title: 'Previewing',
    scenario: starterCustomer({ preview: pending() }).scenario,
    props: { defaultValue: { plan: 'pro', interval: 'month' } },
  },
  {
    id: 'upgrade',
    title: 'Upgrade with credit',
    scenario: starterCustomer().scenario,
    props: { defaultValue: { plan: 'pro', interval: 'month' } },
  },
  {
    id: 'downgrade',
    title: 'Downgrade at period end',
    scenario: proCustomer().scenario,
    props: { defaultValue: { plan: 'starter', interval: 'month' } },
  },
  {
    id: 'interval',
    title: 'Month → year',
    scenario: proCustomer().scenario,
    props: { defaultValue: { plan: 'pro', interval: 'year' } },
  },
  {
    id: 'preview-error',
    title: 'Preview error',
    scenario: starterCustomer({
      preview: apiError('INTERNAL_ERROR', 'The billing service failed unexpectedly.'),
    }).scenario,
    props: { defaultValue: { plan: 'pro', interval: 'month' } },
  },
  {
    id: 'cancel-pending',
    title: 'Set to end: keep it first',
    scenario: proCustomer({ status: fixtures.status.cancelPending }).scenario,
    props: { defaultValue: { plan: 'starter', interval: 'month' } },
  },
  {
    id: 'scheduled',
    title: 'Downgrade scheduled',
    scenario: proCustomer({ status: fixtures.status.downgradeScheduledDiscounted }).scenario,
  },
];

/** Every state of the switcher side by side. */
export const Overview: Story = {
  parameters: {
    billing: gridApis(overviewCells),
    // Ten switchers on one page are all regions named "Change plan"; an app shows one at a
    // time, so landmark uniqueness is checked by every single-switcher story, not here.
    a11y: { config: { rules: [{ id: 'landmark-unique', enabled: false }] } },
  },
  render: (args, context) => (
    <StateGrid cells={overviewCells} locale={String(context.globals.locale)}>
      {(cell) => <PlanSwitcher {...args} {...cell.props} />}
    </StateGrid>
  ),
  play: async ({ canvasElement }) => {
    const expected = {
      loading: 'loading',
      error: 'error',
      idle: 'idle',
      previewing: 'previewing',
      upgrade: 'ready',
      downgrade: 'ready',
      interval: 'ready',
      'preview-error': 'preview_error',
      'cancel-pending': 'cancel_pending',
      scheduled: 'idle',
    };
    for (const [id, state] of Object.entries(expected)) {
      await switcher(gridCell(canvasElement, id), state);
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

/** Starter → Pro with LAUNCH20 and 8.25 % sales tax: subtotal, the discount's terms, tax, total. */
export const TaxedAndDiscountedPreview: Story = {
  parameters: {
    billing: starterCustomer({ preview: previews({ 'pro:month': preview.discountedTaxed }) }),
  },
  play: async ({ canvasElement }) => {
    const section = await choose(canvasElement, option('Pro', 'month', 2900));
    await waitFor(() => expect(section.querySelector('[data-line="tax"]')).not.toBeNull());
    await expect(section.querySelector('[data-line="tax"]')).toHaveTextContent(
      `${l.tax('Sales tax', 8.25, false)}${money(preview.discountedTaxed.taxes[0]!.amount, 'usd')}`,
    );
    await expect(section.querySelector('[data-line="invoice-total"]')).toHaveTextContent(
      `${l.total}${money(preview.discountedTaxed.total, 'usd')}`,
    );
  },
};

const fiveSeats = { ...fixtures.plans.perSeatCurrentTeam.current!, seats: 5 };

/** Team, 5 seats: the stepper starts at 5; 3 seats apply at period end, previewed by Stripe. */
export const SeatsAtPeriodEnd: Story = {
  parameters: {
    billing: billingFor(
      { ...fixtures.status.teamSeats, seats: 5 },
      {
        plans: { ...fixtures.plans.perSeatCurrentTeam, current: fiveSeats },
        preview: preview.seatsDown,
      },
    ),
  },
  args: { defaultValue: { plan: 'team', interval: 'month', seats: 5 } },
  play: async ({ canvasElement }) => {
    const stepper = await within(canvasElement).findByRole('group', { name: l.seatsFor('Team') });
    await expect(within(stepper).getByRole('spinbutton', { name: l.seats })).toHaveValue(5);
    await userEvent.click(within(stepper).getByRole('button', { name: l.removeSeat }));
    await userEvent.click(within(stepper).getByRole('button', { name: l.removeSeat }));
    await expect(await within(canvasElement).findByText(l.nothingToday)).toBeVisible();
    await expect(
      within(canvasElement).getByRole('button', {
        name: l.confirmChange('seats', 'month', 'period_end'),
      }),
    ).toBeVisible();
  },
};
