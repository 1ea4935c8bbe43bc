import { type PublicPlan, priceForSeats, yearlySavings } from '@tollgate/core';
import { type ComponentPropsWithRef, type ReactNode, useId } from 'react';
import { composeEventHandlers } from '../internal/compose';
import { discountText } from '../internal/discount-terms';
import { Icon } from '../internal/icons';
import { SeatStepper } from '../internal/seat-stepper';
import { Slot } from '../internal/slot';
import {
  actionKind,
  currentMark,
  PlanContext,
  planAction,
  usePlan,
  usePricingTable,
} from './context';

/* -------------------------------------------------------------------------------------------------
 * IntervalToggle: month / year as a native radio group (arrow keys, one tab stop).
 * -----------------------------------------------------------------------------------------------*/

/** The month/year switch, with the best yearly saving on the yearly option. */
export function IntervalToggle({ className, ...props }: ComponentPropsWithRef<'fieldset'>) {
  const { data, interval, setInterval, ui } = usePricingTable('IntervalToggle');
  const name = useId();
  const best = Math.max(
    0,
    ...data.plans.map((plan) => {
      const month = plan.prices.find((p) => p.interval === 'month');
      const year = plan.prices.find((p) => p.interval === 'year' && p.currency === month?.currency);
      return month && year ? (yearlySavings(month.amount, year.amount)?.percent ?? 0) : 0;
    }),
  );
  return (
    <fieldset {...props} className={ui.cls('interval', className)} data-interval={interval}>
      <legend className={ui.cls('interval-legend')}>{ui.labels.intervalLegend}</legend>
      {(['month', 'year'] as const).map((value) => (
        <label
          key={value}
          className={ui.cls('interval-option')}
          data-state={value === interval ? 'checked' : 'unchecked'}
        >
          <input
            type="radio"
            name={name}
            value={value}
            checked={value === interval}
            onChange={() => setInterval(value)}
          />
          <span>{value === 'month' ? ui.labels.monthly : ui.labels.yearly}</span>
          {value === 'year' && best > 0 ? ' ' : null}
          {value === 'year' && best > 0 ? (
            <span className={ui.cls('savings')} data-savings={best}>
              {ui.labels.save(best)}
            </span>
          ) : null}
        </label>
      ))}
    </fieldset>
  );
}

/* -------------------------------------------------------------------------------------------------
 * Plans / Plan: the list and one card, which provides its plan to the parts inside.
 * -----------------------------------------------------------------------------------------------*/

/** Props of {@link Plans}. */
export interface PlansProps extends Omit<ComponentPropsWithRef<'ul'>, 'children'> {
  /** Renders each plan's card content; default: name, description, price, badges, features, action. */
  children?: (plan: PublicPlan) => ReactNode;
}

/** The list of plans, one {@link Plan} per catalog entry. */
export function Plans({ children, className, ...props }: PlansProps) {
  const { data, ui } = usePricingTable('Plans');
  return (
    <ul {...props} className={ui.cls('plans', className)} data-count={data.plans.length}>
      {data.plans.map((plan) => (
        <Plan key={plan.key} plan={plan}>
          {children ? children(plan) : <DefaultCard />}
        </Plan>
      ))}
    </ul>
  );
}

function DefaultCard() {
  return (
    <>
      <Badges />
      <Name />
      <Description />
      {/* One row of the card's subgrid: prices line up across cards, whatever sits below them. */}
      <PriceBlock />
      <Action />
      <Features />
    </>
  );
}

function PriceBlock() {
  const { ui } = usePricingTable('Plan');
  return (
    <div className={ui.cls('plan-pricing')}>
      <Price />
      <Discount />
      <Seats />
    </div>
  );
}

/**
 * One plan card (`<li>`), with `data-plan`, `data-action`, `data-current` (`exact` or
 * `other_interval`) and `data-recommended`.
 */
export function Plan({
  plan,
  className,
  ...props
}: ComponentPropsWithRef<'li'> & { plan: PublicPlan }) {
  const { data, interval, ui, seatsOf } = usePricingTable('Plan');
  const action = planAction(data, plan, interval, seatsOf(plan));
  return (
    <PlanContext.Provider value={plan}>
      <li
        {...props}
        className={ui.cls('plan', className)}
        data-plan={plan.key}
        data-action={action}
        data-current={currentMark(data, plan, interval) ?? undefined}
        data-recommended={plan.recommended ? '' : undefined}
      />
    </PlanContext.Provider>
  );
}

/* -------------------------------------------------------------------------------------------------
 * Card parts.
 * -----------------------------------------------------------------------------------------------*/

/** The plan's name as a heading. */
export function Name({ className, ...props }: ComponentPropsWithRef<'h3'>) {
  const plan = usePlan('Name');
  const { ui } = usePricingTable('Name');
  return (
    <h3 {...props} className={ui.cls('plan-name', className)}>
      {plan.name}
    </h3>
  );
}

/** The plan's description. */
export function Description({ className, ...props }: ComponentPropsWithRef<'p'>) {
  const plan = usePlan('Description');
  const { ui } = usePricingTable('Description');
  return (
    <p {...props} className={ui.cls('plan-description', className)}>
      {plan.description}
    </p>
  );
}

/**
 * The price for the chosen interval, in the provider's locale: a large amount with tabular
 * figures (`$29`, `$12.50`) and the period beside it; "Free" sits on the same baseline.
 */
export function Price({ className, ...props }: ComponentPropsWithRef<'p'>) {
  const plan = usePlan('Price');
  const { interval, ui } = usePricingTable('Price');
  const price = plan.prices.find((p) => p.interval === interval);
  return (
    <p {...props} className={ui.cls('price', className)} data-interval={interval}>
      {plan.free ? (
        <>
          <span className={ui.cls('price-amount')}>{ui.labels.free}</span>{' '}
          <span className={ui.cls('price-interval')}>{ui.labels.forever}</span>
        </>
      ) : price ? (
        <>
          {price.tiers ? (
            <span className={ui.cls('price-interval')}>{ui.labels.fromPerSeat} </span>
          ) : null}
          <span className={ui.cls('price-amount')}>
            {ui.money(headline(price), price.currency)}
          </span>{' '}
          <span className={ui.cls('price-interval')}>
            {plan.seats ? ui.labels.perSeat(interval) : ui.labels.perInterval(interval)}
          </span>
        </>
      ) : (
        <span className={ui.cls('price-interval')}>{ui.labels.notOffered}</span>
      )}
    </p>
  );
}

/** A price's headline amount: per unit, or a tiered price's lowest paid seat ("from $8"). */
function headline(price: PublicPlan['prices'][number]): number {
  const paid = price.tiers?.map((tier) => tier.unitAmount).filter((amount) => amount > 0) ?? [];
  return paid.length ? Math.min(...paid) : price.amount;
}

/**
 * The discount on this plan's card: on the current plan, the subscription's own ("Your discount:
 * 20% off for 3 months with LAUNCH20 (until 27 Feb 2027)"), else, to someone not subscribed, the
 * one on offer ("20% off for 3 months with LAUNCH20"); nothing without one. `data-discount` says
 * which.
 */
export function Discount({ className, ...props }: ComponentPropsWithRef<'p'>) {
  const plan = usePlan('Discount');
  const { ui, data, interval } = usePricingTable('Discount');
  const current = currentMark(data, plan, interval) === 'exact';
  // A promotion code is redeemed at checkout: a subscriber's plan change takes none, so the offer
  // shows only to someone who would check out.
  const discount = current
    ? data.current?.discount
    : data.current?.interval == null
      ? plan.discount
      : undefined;
  if (!discount || plan.free) return null;
  const text = discountText(ui, discount);
  return (
    <p
      {...props}
      className={ui.cls('discount', className)}
      data-duration={discount.duration}
      data-discount={current ? 'current' : 'offer'}
    >
      <Icon name="check" />
      {current ? ui.labels.yourDiscount(text) : text}
    </p>
  );
}

/**
 * A per-seat plan's seat stepper, within the plan's bounds, with what the chosen seats come to
 * before discounts and tax; nothing on plans sold as one unit.
 */
export function Seats({ className, ...props }: ComponentPropsWithRef<'div'>) {
  const plan = usePlan('Seats');
  const { interval, ui, seatsOf, setSeats, checkoutPlan } = usePricingTable('Seats');
  const seats = seatsOf(plan);
  const price = plan.prices.find((p) => p.interval === interval);
  if (!plan.seats || seats === undefined || !price) return null;
  return (
    <div {...props} className={ui.cls('plan-seats', className)}>
      <SeatStepper
        value={seats}
        min={plan.seats.min}
        max={plan.seats.max}
        onChange={(n) => setSeats(plan, n)}
        label={ui.labels.seatsFor(plan.name)}
        disabled={checkoutPlan !== null}
        ui={ui}
      />
      <p className={ui.cls('seat-total')} aria-live="polite">
        {ui.labels.seatTotal(
          seats,
          ui.money(priceForSeats(price, seats), price.currency),
          interval,
        )}
        {plan.seats.included > 0 ? ` · ${ui.labels.seatsIncluded(plan.seats.included)}` : null}
      </p>
    </div>
  );
}

/**
 * The card's badges: "Current plan" (also in the other interval, saying how it is billed),
 * "Most popular" for the catalog's recommended plan, and the trial offer. Always rendered, so
 * names line up across cards.
 */
export function Badges({ className, ...props }: ComponentPropsWithRef<'p'>) {
  const plan = usePlan('Badges');
  const { data, interval, ui } = usePricingTable('Badges');
  const mark = currentMark(data, plan, interval);
  const trial = planAction(data, plan, interval) === 'trial';
  return (
    <p {...props} className={ui.cls('badges', className)}>
      {mark ? (
        <span className={ui.cls('badge')} data-badge="current">
          <Icon name="check" />
          {mark === 'exact' || !data.current?.interval
            ? ui.labels.currentPlan
            : ui.labels.currentPlanOther(data.current.interval)}
        </span>
      ) : null}
      {plan.recommended && !mark ? (
        <span className={ui.cls('badge')} data-badge="recommended">
          {ui.labels.recommended}
        </span>
      ) : null}
      {trial ? (
        <span className={ui.cls('badge')} data-badge="trial">
          {ui.labels.trialBadge(plan.trialDays)}
        </span>
      ) : null}
    </p>
  );
}

/** The plan's feature list, each with a check mark. */
export function Features({ className, ...props }: ComponentPropsWithRef<'ul'>) {
  const plan = usePlan('Features');
  const { ui } = usePricingTable('Features');
  return (
    <ul
      {...props}
      className={ui.cls('features', className)}
      aria-label={ui.labels.features(plan.name)}
    >
      {plan.features.map((feature) => (
        <li key={feature}>
          <Icon name="check" className={ui.cls('feature-icon')} />
          {feature}
        </li>
      ))}
    </ul>
  );
}

/** Props of {@link Action}. */
export interface ActionProps extends ComponentPropsWithRef<'button'> {
  /** Render your own element (a router `Link`) with the action's props and behaviour. */
  asChild?: boolean;
}

/**
 * The plan's action: Subscribe or Start trial (checkout) for newcomers; Upgrade, Downgrade or
 * "Switch to yearly" (the change dialog) for subscribers; nothing on the current plan. The
 * consumer's `onClick` runs first and can `preventDefault()` the default behaviour. With
 * `asChild` and a link (an element with `href`, e.g. a router `<Link>`), the link's navigation is
 * the action: the part lends it its class, state and name, and starts nothing itself.
 */
export function Action({ asChild, className, onClick, children, ...props }: ActionProps) {
  const plan = usePlan('Action');
  const context = usePricingTable('Action');
  const { data, interval, ui, checkoutPlan } = context;
  const seats = context.seatsOf(plan);
  const action = planAction(data, plan, interval, seats);
  if (action === 'current' || action === 'none' || action === 'unavailable') {
    // An empty slot keeps the cards' rows aligned.
    return <div className={ui.cls('action-slot')} />;
  }
  const pending = checkoutPlan === plan.key;
  const kind = action === 'change' ? actionKind(data, plan, interval) : null;
  const label = kind
    ? ui.labels.change(kind, interval)
    : pending
      ? ui.labels.redirecting
      : action === 'trial'
        ? ui.labels.startTrial(plan.trialDays)
        : ui.labels.subscribe;
  const Component = asChild ? Slot : 'button';
  return (
    <Component
      type={asChild ? undefined : 'button'}
      {...props}
      className={ui.cls('button', className)}
      data-variant={plan.recommended || kind === 'upgrade' ? 'primary' : 'secondary'}
      data-action={action}
      data-kind={kind ?? undefined}
      data-state={pending ? 'pending' : 'idle'}
      // Custom content is its own accessible name; ours says the plan too.
      aria-label={children === undefined ? ui.labels.actionName(label, plan.name) : undefined}
      aria-disabled={checkoutPlan !== null || undefined}
      onClick={composeEventHandlers(onClick, (event) => {
        if (checkoutPlan !== null || (event.currentTarget as Element).hasAttribute('href')) return;
        if (kind) context.onChangePlan(plan, interval, event.currentTarget as HTMLElement, seats);
        else context.checkout(plan);
      })}
    >
      {children ?? label}
    </Component>
  );
}
