import { screen, waitFor, within } from '@testing-library/react';
import { fixtures } from '@tollgate/core/fixtures';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../../test/axe';
import { confirmWhenReady } from '../../test/confirm';
import { contractServer } from '../../test/contract-server';
import { renderWithBilling } from '../../test/render';
import { PlanSwitcher } from '../plan-switcher/plan-switcher';
import { PricingTable } from './pricing-table';

const card = async (name: string) => (await screen.findByRole('heading', { name })).closest('li')!;

describe('per-seat plans and discounts on the pricing table', () => {
  it('shows the per-seat price and a bounded seat stepper, by keyboard, and checks out the seats', async () => {
    const server = contractServer({
      plans: () => fixtures.plans.perSeat,
      checkout: () => ({ uiMode: 'hosted', url: 'https://checkout.stripe.test/c/1' }),
    });
    const { user, container } = renderWithBilling(<PricingTable />, { fetch: server.fetch });
    const team = await card('Team');
    expect(team).toHaveTextContent('$12 per seat / month');
    const stepper = within(team).getByRole('group', { name: 'Seats for Team' });
    const field = within(stepper).getByRole('spinbutton', { name: 'Seats' });
    expect(field).toHaveValue(2);
    expect(within(stepper).getByRole('button', { name: 'Remove a seat' })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
    expect(stepper).toHaveTextContent('2 to 50');
    await user.click(within(stepper).getByRole('button', { name: 'Remove a seat' }));
    expect(field).toHaveValue(2);
    await user.tab(); // focus moves from the stepper's first button into the field, then +
    await user.tab();
    expect(within(stepper).getByRole('button', { name: 'Add a seat' })).toHaveFocus();
    await user.keyboard('{Enter}{Enter}{Enter}');
    expect(field).toHaveValue(5);
    expect(team).toHaveTextContent('5 seats · $60 / month');
    await user.clear(field);
    await user.type(field, '80');
    await user.tab();
    expect(field).toHaveValue(50);
    await user.clear(field);
    await user.type(field, '4');
    expect(team).toHaveTextContent('4 seats · $48 / month');
    await expectNoAxeViolations(container);
    await user.click(within(team).getByRole('button', { name: 'Subscribe – Team' }));
    await waitFor(() =>
      expect(server.calls.find((c) => c.route === 'checkout')?.body).toEqual({
        plan: 'team',
        interval: 'month',
        seats: 4,
        uiMode: 'hosted',
      }),
    );
  });

  it("shows the subscription's own discount on the current plan's card, and no offer to a subscriber (a plan change redeems no code)", async () => {
    const server = contractServer({ plans: () => fixtures.plans.perSeatCurrentTeamDiscounted });
    const { container } = renderWithBilling(<PricingTable />, { fetch: server.fetch });
    const team = await card('Team');
    const own = within(team).getByText('Your discount: $5 off forever with TEAM5');
    expect(own).toHaveAttribute('data-discount', 'current');
    const pro = await card('Pro');
    expect(pro).not.toHaveTextContent('LAUNCH20');
    expect(pro).not.toHaveTextContent('Your discount');
    await expectNoAxeViolations(container);
  });

  it("shows a plan's promotion code with its terms", async () => {
    const server = contractServer({ plans: () => fixtures.plans.perSeat });
    renderWithBilling(<PricingTable />, { fetch: server.fetch });
    const pro = await card('Pro');
    expect(pro).toHaveTextContent('20% off for 3 months with LAUNCH20');
    expect(await card('Starter')).not.toHaveTextContent('off');
  });

  it('turns other seats on the current plan into "Update seats", previewed and confirmed with the seats', async () => {
    const server = contractServer({
      plans: () => fixtures.plans.perSeatCurrentTeam,
      status: () => fixtures.status.teamSeats,
      preview: () => fixtures.preview.seatsUp,
      change: () => ({ outcome: 'applied', status: { ...fixtures.status.teamSeats, seats: 5 } }),
    });
    const { user } = renderWithBilling(<PricingTable />, { fetch: server.fetch });
    const team = await card('Team');
    expect(team).toHaveAttribute('data-action', 'current');
    const add = within(team).getByRole('button', { name: 'Add a seat' });
    await user.click(add);
    await user.click(add);
    expect(team).toHaveAttribute('data-action', 'change');
    await user.click(within(team).getByRole('button', { name: 'Update seats – Team' }));
    const dialog = await screen.findByRole('dialog', { name: 'Change seats on Team' });
    expect(within(dialog).getByRole('spinbutton', { name: 'Seats' })).toHaveValue(5);
    expect(
      await within(dialog).findByText(
        'Team (Monthly, 3 seats) → Team (Monthly, 5 seats), starting today.',
      ),
    ).toBeVisible();
    expect(await within(dialog).findByText('Remaining time on 5 × Team')).toBeVisible();
    await expectNoAxeViolations(dialog);
    await confirmWhenReady(user, 'Add seats now');
    expect(server.calls.find((c) => c.route === 'change')?.body).toEqual({
      plan: 'team',
      interval: 'month',
      seats: 5,
      prorationDate: fixtures.preview.seatsUp.prorationDate,
    });
  });
});

describe('discounts and tax in the preview', () => {
  it("lists Stripe's subtotal, the discount with its terms, the tax and the total", async () => {
    const server = contractServer({
      plans: () => fixtures.plans.usdCurrentPro,
      status: () => fixtures.status.activeMonthly,
      preview: () => fixtures.preview.discountedTaxed,
    });
    const { user, container } = renderWithBilling(<PlanSwitcher />, { fetch: server.fetch });
    await user.click(await screen.findByRole('radio', { name: /Enterprise Monthly/ }));
    const row = (kind: string) => container.querySelector(`[data-line="${kind}"]`);
    await waitFor(() => expect(row('subtotal')).not.toBeNull());
    const p = fixtures.preview.discountedTaxed;
    const usd = (minor: number) =>
      new Intl.NumberFormat('en-US', { style: 'currency', currency: 'usd' }).format(minor / 100);
    expect(row('subtotal')).toHaveTextContent(`Subtotal${usd(p.subtotal)}`);
    expect(row('discount')).toHaveTextContent(
      `20% off for 3 months with LAUNCH20 (until Feb 27, 2027)-${usd(p.discounts[0]!.amount)}`,
    );
    expect(row('tax')).toHaveTextContent(`Sales tax (8.25%)${usd(p.taxes[0]!.amount)}`);
    expect(row('invoice-total')).toHaveTextContent(`Total${usd(p.total)}`);
    expect(row('total')).toHaveTextContent(`Due today${usd(p.amountDue)}`);
    await expectNoAxeViolations(container);
  });
});
