import { screen, waitFor, within } from '@testing-library/react';
import type { PreviewRequest } from '@tollgate/core';
import { fixtures } from '@tollgate/core/fixtures';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../../test/axe';
import { confirmWhenReady } from '../../test/confirm';
import { contractServer, Reply } from '../../test/contract-server';
import { renderWithBilling } from '../../test/render';
import { PricingTable } from './pricing-table';

const never = () => new Promise(() => {});

describe('PricingTable', () => {
  it('shows a labelled skeleton while plans load', async () => {
    const server = contractServer({ plans: never });
    const { container } = renderWithBilling(<PricingTable />, { fetch: server.fetch });
    expect(screen.getByRole('status')).toHaveTextContent('Loading plans…');
    expect(container.querySelector('[data-state="loading"]')).toHaveAttribute('aria-busy', 'true');
    await expectNoAxeViolations(container);
  });

  it('shows the error and retries from the keyboard', async () => {
    let fail = true;
    const server = contractServer({
      plans: () =>
        fail ? Reply.error('INTERNAL_ERROR', 'The billing service failed.') : fixtures.plans.usd,
    });
    const { user, container } = renderWithBilling(<PricingTable />, { fetch: server.fetch });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Plans could not be loaded.');
    expect(alert).toHaveTextContent('Something went wrong on our side. Try again in a moment.');
    expect(alert).not.toHaveTextContent('The billing service failed.');
    await expectNoAxeViolations(container);
    fail = false;
    await user.tab();
    expect(screen.getByRole('button', { name: 'Try again' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('heading', { name: 'Pro' })).toBeInTheDocument();
  });

  it('lists plans with prices, features, trial badge and actions for a new customer', async () => {
    const server = contractServer({ plans: () => fixtures.plans.usd });
    const { container } = renderWithBilling(<PricingTable />, { fetch: server.fetch });
    const pro = (await screen.findByRole('heading', { name: 'Pro' })).closest('li')!;
    expect(pro).toHaveAttribute('data-action', 'trial');
    expect(within(pro).getByText('$29')).toBeInTheDocument();
    expect(pro).toHaveAttribute('data-recommended');
    expect(within(pro).getByText('Most popular')).toBeInTheDocument();
    expect(
      within(pro).getByText('14-day free trial', { selector: '[data-badge]' }),
    ).toBeInTheDocument();
    expect(within(pro).getByRole('list', { name: 'Pro features' })).toBeInTheDocument();
    expect(
      within(pro).getByRole('button', { name: 'Start 14-day trial – Pro' }),
    ).toBeInTheDocument();
    const starter = screen.getByRole('heading', { name: 'Starter' }).closest('li')!;
    expect(
      within(starter).getByRole('button', { name: 'Subscribe – Starter' }),
    ).toBeInTheDocument();
    const free = screen.getByRole('heading', { name: 'Free' }).closest('li')!;
    expect(within(free).queryByRole('button')).toBeNull();
    expect(free).toHaveTextContent('Free forever');
    await expectNoAxeViolations(container);
  });

  it('toggles to yearly with the arrow keys and shows the saving', async () => {
    const server = contractServer({ plans: () => fixtures.plans.usd });
    const { user } = renderWithBilling(<PricingTable />, { fetch: server.fetch });
    const monthly = await screen.findByRole('radio', { name: 'Monthly' });
    expect(monthly).toBeChecked();
    expect(screen.getByRole('radio', { name: /Yearly/ })).toHaveAccessibleName('Yearly Save 16%');
    await user.click(monthly);
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('radio', { name: /Yearly/ })).toBeChecked();
    const pro = screen.getByRole('heading', { name: 'Pro' }).closest('li')!;
    expect(within(pro).getByText('$290')).toBeInTheDocument();
    expect(within(pro).getByText('/ year')).toBeInTheDocument();
    expect(
      screen.getByRole('group', { name: 'Billing period' }).closest('section'),
    ).toHaveAttribute('data-interval', 'year');
  });

  it.each([
    ['eur', 'de-DE', '27 €'],
    ['jpy', 'ja-JP', '￥4,500'],
    ['kwd', 'en-US', 'KWD 8.900'],
  ] as const)('formats %s prices for %s through core', async (currency, locale, text) => {
    const server = contractServer({ plans: () => fixtures.plans[currency] });
    renderWithBilling(<PricingTable />, { fetch: server.fetch, locale });
    const pro = (await screen.findByRole('heading', { name: 'Pro' })).closest('li')!;
    expect(within(pro).getByText(text)).toBeInTheDocument();
  });

  it('Subscribe starts a hosted checkout and leaves for Stripe', async () => {
    const server = contractServer({
      plans: () => fixtures.plans.usd,
      checkout: () => ({ uiMode: 'hosted', url: 'https://checkout.stripe.com/c/pay/cs_test_1' }),
    });
    const { user, navigations } = renderWithBilling(<PricingTable successPath="/billing" />, {
      fetch: server.fetch,
    });
    await user.click(await screen.findByRole('button', { name: 'Subscribe – Starter' }));
    await waitFor(() =>
      expect(navigations).toEqual(['https://checkout.stripe.com/c/pay/cs_test_1']),
    );
    expect(server.calls.find((c) => c.route === 'checkout')?.body).toEqual({
      plan: 'starter',
      interval: 'month',
      uiMode: 'hosted',
      successPath: '/billing',
    });
    expect(screen.getByRole('button', { name: 'Redirecting… – Starter' })).toHaveAttribute(
      'data-state',
      'pending',
    );
  });

  it('a failed checkout says why', async () => {
    const server = contractServer({
      plans: () => fixtures.plans.usd,
      checkout: () =>
        Reply.error('ALREADY_SUBSCRIBED', 'You already have a subscription — use Switch.'),
    });
    const { user } = renderWithBilling(<PricingTable />, { fetch: server.fetch });
    await user.click(await screen.findByRole('button', { name: 'Subscribe – Starter' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'You already have a subscription. Change your plan instead.',
    );
  });

  it('marks the current plan in both intervals and names each change: Upgrade, Downgrade, Switch to yearly', async () => {
    const server = contractServer({ plans: () => fixtures.plans.usdCurrentPro });
    const { container, user } = renderWithBilling(<PricingTable />, { fetch: server.fetch });
    const pro = (await screen.findByRole('heading', { name: 'Pro' })).closest('li')!;
    expect(pro).toHaveAttribute('data-current', 'exact');
    expect(within(pro).getByText('Current plan')).toBeInTheDocument();
    expect(within(pro).queryByRole('button')).toBeNull();
    expect(within(pro).queryByText('14-day free trial', { selector: '[data-badge]' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Upgrade – Enterprise' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Downgrade – Starter' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Switch –/ })).toBeNull();
    await expectNoAxeViolations(container);
    await user.click(screen.getByRole('radio', { name: /Yearly/ }));
    expect(pro).toHaveAttribute('data-current', 'other_interval');
    expect(within(pro).getByText('Current plan, billed monthly')).toBeInTheDocument();
    expect(within(pro).getByRole('button', { name: 'Switch to yearly – Pro' })).toBeInTheDocument();
  });

  it('Downgrade opens a dialog for that change only, focused on Cancel; Cancel returns focus to the card', async () => {
    const server = contractServer({
      plans: () => fixtures.plans.usdCurrentPro,
      status: () => fixtures.status.activeMonthly,
      preview: () => fixtures.preview.downgrade,
    });
    const { user } = renderWithBilling(<PricingTable />, { fetch: server.fetch });
    const button = await screen.findByRole('button', { name: 'Downgrade – Starter' });
    await user.click(button);
    const dialog = await screen.findByRole('dialog', { name: 'Downgrade to Starter' });
    expect(within(dialog).queryByRole('radio')).toBeNull();
    expect(await within(dialog).findByText('1 × Starter (at $9.00 / month)')).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    expect(within(dialog).getByRole('button', { name: 'Schedule downgrade' })).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(button).toHaveFocus();
  });

  it('Downgrade on a subscription set to end: the dialog says to keep it first and offers Keep subscription, not the 409', async () => {
    const server = contractServer({
      plans: () => fixtures.plans.usdCurrentPro,
      status: () => fixtures.status.cancelPending,
      // What the server answers a change at period end while the subscription is set to end.
      preview: (body) =>
        (body as PreviewRequest).kind === 'resume'
          ? fixtures.preview.resume
          : Reply.error(
              'PLAN_UNCHANGED',
              'Your subscription ends on 2026-12-15 — resume it first.',
            ),
    });
    const { user } = renderWithBilling(<PricingTable />, { fetch: server.fetch });
    await user.click(await screen.findByRole('button', { name: 'Downgrade – Starter' }));
    const dialog = await screen.findByRole('dialog', { name: 'Downgrade to Starter' });
    expect(
      within(dialog).getByText('Keep your subscription to schedule this change.'),
    ).toBeVisible();
    expect(within(dialog).getByText('Your subscription ends on Dec 15, 2026.')).toBeVisible();
    expect(within(dialog).getByRole('button', { name: 'Keep subscription' })).toBeInTheDocument();
    expect(within(dialog).queryByRole('button', { name: 'Schedule downgrade' })).toBeNull();
    expect(within(dialog).queryByRole('alert')).toBeNull();
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await expectNoAxeViolations(dialog);
    expect(
      server.calls.filter(
        (c) => c.route === 'preview' && (c.body as PreviewRequest).kind !== 'resume',
      ),
    ).toEqual([]);
  });

  it("a consumer's onClick on Action runs first and can prevent the part's own behaviour", async () => {
    const server = contractServer({ plans: () => fixtures.plans.usd });
    const seen: string[] = [];
    const { user } = renderWithBilling(
      <PricingTable.Root>
        <PricingTable.Plans>
          {(plan) => (
            <PricingTable.Action
              onClick={(event) => {
                seen.push(plan.key);
                event.preventDefault();
              }}
            />
          )}
        </PricingTable.Plans>
      </PricingTable.Root>,
      { fetch: server.fetch },
    );
    await user.click(await screen.findByRole('button', { name: 'Subscribe – Starter' }));
    expect(seen).toEqual(['starter']);
    expect(server.calls.filter((c) => c.route === 'checkout')).toHaveLength(0);
  });

  it("Action asChild renders a link in its place with the part's props and a ref, and starts no checkout", async () => {
    const server = contractServer({ plans: () => fixtures.plans.usd });
    const nodes: (HTMLElement | null)[] = [];
    const { user } = renderWithBilling(
      <PricingTable.Root>
        <PricingTable.Plans>
          {(plan) => (
            <PricingTable.Action asChild ref={(el) => void nodes.push(el)}>
              <a href={`/signup?plan=${plan.key}`} onClick={(e) => e.preventDefault()}>
                Choose {plan.name}
              </a>
            </PricingTable.Action>
          )}
        </PricingTable.Plans>
      </PricingTable.Root>,
      { fetch: server.fetch },
    );
    const link = await screen.findByRole('link', { name: 'Choose Starter' });
    expect(link).toHaveAttribute('href', '/signup?plan=starter');
    expect(link).toHaveClass('tg-button');
    expect(link).toHaveAttribute('data-action', 'subscribe');
    expect(nodes[0]).toBeInstanceOf(HTMLAnchorElement);
    await user.click(link);
    expect(server.calls.filter((c) => c.route === 'checkout')).toHaveLength(0);
  });

  it('says so when the catalog sells nothing, without a lone interval toggle', async () => {
    const server = contractServer({ plans: () => ({ ...fixtures.plans.usd, plans: [] }) });
    renderWithBilling(<PricingTable />, { fetch: server.fetch });
    expect(await screen.findByText('No plans are on sale right now.')).toBeInTheDocument();
    expect(screen.queryByRole('radio')).toBeNull();
  });

  it('says when a plan is not offered for the chosen period', async () => {
    const usd = fixtures.plans.usd;
    const monthOnly = {
      ...usd,
      plans: usd.plans.map((plan) =>
        plan.key === 'starter'
          ? { ...plan, prices: plan.prices.filter((p) => p.interval === 'month') }
          : plan,
      ),
    };
    const server = contractServer({ plans: () => monthOnly });
    const { user } = renderWithBilling(<PricingTable />, { fetch: server.fetch });
    await user.click(await screen.findByRole('radio', { name: /Yearly/ }));
    const starter = screen.getByRole('heading', { name: 'Starter' }).closest('li')!;
    expect(starter).toHaveAttribute('data-action', 'unavailable');
    expect(within(starter).getByText('Not offered for this period')).toBeInTheDocument();
    expect(within(starter).queryByRole('button')).toBeNull();
  });

  it('an upgrade confirmed in the dialog shows its result and updates the table', async () => {
    let current = fixtures.plans.usdCurrentPro;
    const server = contractServer({
      plans: () => current,
      status: () => fixtures.status.activeMonthly,
      preview: () => ({ ...fixtures.preview.upgrade, plan: 'enterprise' }),
      change: () => {
        current = { ...current, current: { plan: 'enterprise', interval: 'month' } };
        return {
          outcome: 'applied',
          status: { ...fixtures.status.activeMonthly, plan: 'enterprise' },
        };
      },
    });
    const { user } = renderWithBilling(<PricingTable />, { fetch: server.fetch });
    await user.click(await screen.findByRole('button', { name: 'Upgrade – Enterprise' }));
    await confirmWhenReady(user, 'Upgrade now');
    expect(await screen.findByText('You are now on Enterprise.')).toBeInTheDocument();
    const enterprise = screen.getByRole('heading', { name: 'Enterprise' }).closest('li')!;
    await waitFor(() => expect(enterprise).toHaveAttribute('data-current', 'exact'));
    expect(screen.getByRole('button', { name: 'Close' })).toBeInTheDocument();
  });

  it('embedded mode renders Stripe Embedded Checkout with the session secret', async () => {
    const mounted: string[] = [];
    let completed: (() => void) | undefined;
    // The stripe.js surface react-stripe-js touches: it checks four methods exist, then calls
    // createEmbeddedCheckoutPage. None of it reaches Stripe's API.
    const unused = () => {
      throw new Error('not used by Embedded Checkout');
    };
    const stripe = {
      elements: unused,
      createToken: unused,
      createPaymentMethod: unused,
      confirmCardPayment: unused,
      handleNextAction: unused,
      createEmbeddedCheckoutPage: async (options: {
        clientSecret: string;
        onComplete?: () => void;
      }) => {
        completed = options.onComplete;
        return {
          mount: (element: HTMLElement) => {
            mounted.push(options.clientSecret);
            element.textContent = 'Stripe checkout form';
          },
          unmount: () => {},
          destroy: () => {},
        };
      },
    };
    const server = contractServer({
      plans: () => fixtures.plans.usd,
      checkout: () => ({ uiMode: 'embedded', clientSecret: 'cs_test_secret_1' }),
    });
    const { user } = renderWithBilling(<PricingTable checkoutMode="embedded" />, {
      fetch: server.fetch,
      stripe: Promise.resolve(stripe),
    });
    await user.click(await screen.findByRole('button', { name: 'Subscribe – Starter' }));
    const region = await screen.findByRole('region', { name: 'Checkout' });
    await waitFor(() => expect(mounted).toEqual(['cs_test_secret_1']));
    expect(region).toHaveTextContent('Stripe checkout form');
    // Stripe reports completion in place: plans (and status) are fetched again.
    const plansCalls = server.calls.filter((c) => c.route === 'plans').length;
    completed?.();
    await waitFor(() =>
      expect(server.calls.filter((c) => c.route === 'plans').length).toBeGreaterThan(plansCalls),
    );
    await user.click(within(region).getByRole('button', { name: 'Close checkout' }));
    expect(screen.queryByRole('region', { name: 'Checkout' })).toBeNull();
  });

  it('embedded mode without stripe configured says how to fix it', async () => {
    const server = contractServer({
      plans: () => fixtures.plans.usd,
      checkout: () => ({ uiMode: 'embedded', clientSecret: 'cs_test_secret_2' }),
    });
    const { user } = renderWithBilling(<PricingTable checkoutMode="embedded" />, {
      fetch: server.fetch,
    });
    await user.click(await screen.findByRole('button', { name: 'Subscribe – Starter' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/publishable key/);
  });

  it('composes from parts for a custom layout', async () => {
    const server = contractServer({ plans: () => fixtures.plans.usd });
    renderWithBilling(
      <PricingTable.Root defaultInterval="year">
        <PricingTable.Plans>
          {() => (
            <>
              <PricingTable.Name />
              <PricingTable.Price />
            </>
          )}
        </PricingTable.Plans>
      </PricingTable.Root>,
      { fetch: server.fetch },
    );
    const pro = (await screen.findByRole('heading', { name: 'Pro' })).closest('li')!;
    expect(pro).toHaveTextContent('Pro$290 / year');
    expect(screen.queryByRole('radio')).toBeNull();
  });

  it('explains a part used outside its Root', () => {
    const server = contractServer({});
    expect(() => renderWithBilling(<PricingTable.Price />, { fetch: server.fetch })).toThrow(
      /inside <PricingTable.Plan>/,
    );
  });
});
