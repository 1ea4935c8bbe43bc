'use client';
import { type PublicPlan, yearlySavings } from '@tollgate/core';
import { forwardRef, type HTMLAttributes, type ReactNode, useId } from 'react';
import { PlanContext, planAction, usePlan, usePricingTable } from './context';

/* -------------------------------------------------------------------------------------------------
 * IntervalToggle: month / year as a native radio group (arrow keys, one tab stop).
 * -----------------------------------------------------------------------------------------------*/

/** The month/year switch, with the best yearly saving on the yearly option. */
export const IntervalToggle = forwardRef<HTMLFieldSetElement, HTMLAttributes<HTMLFieldSetElement>>(
  function IntervalToggle({ className, ...props }, ref) {
    const { data, interval, setInterval, ui } = usePricingTable('IntervalToggle');
    const name = useId();
    const best = Math.max(
      0,
      ...data.plans.map((plan) => {
        const month = plan.prices.find((p) => p.interval === 'month');
        const year = plan.prices.find(
          (p) => p.interval === 'year' && p.currency === month?.currency,
        );
        return month && year ? (yearlySavings(month.amount, year.amount)?.percent ?? 0) : 0;
      }),
    );
    return (
      <fieldset
        {...props}
        ref={ref}
        className={ui.cls('interval', className)}
        data-interval={interval}
      >
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
  },
);

/* -------------------------------------------------------------------------------------------------
 * Plans / Plan: the list and one card, which provides its plan to the parts inside.
 * -----------------------------------------------------------------------------------------------*/

/** Props of {@link Plans}. */
export interface PlansProps extends Omit<HTMLAttributes<HTMLUListElement>, 'children'> {
  /** Renders each plan's card content; default: name, description, price, badges, features, action. */
  children?: (plan: PublicPlan) => ReactNode;
}

/** The list of plans, one {@link Plan} per catalog entry. */
export const Plans = forwardRef<HTMLUListElement, PlansProps>(function Plans(
  { children, className, ...props },
  ref,
) {
  const { data, ui } = usePricingTable('Plans');
  return (
    <ul {...props} ref={ref} className={ui.cls('plans', className)}>
      {data.plans.map((plan) => (
        <Plan key={plan.key} plan={plan}>
          {children ? children(plan) : <DefaultCard />}
        </Plan>
      ))}
    </ul>
  );
});

function DefaultCard() {
  return (
    <>
      <Name />
      <Badges />
      <Description />
      <Price />
      <Features />
      <Action />
    </>
  );
}

/** One plan card (`<li>`), with `data-plan`, `data-action` and `data-current`. */
export const Plan = forwardRef<HTMLLIElement, HTMLAttributes<HTMLLIElement> & { plan: PublicPlan }>(
  function Plan({ plan, className, ...props }, ref) {
    const { data, interval, ui } = usePricingTable('Plan');
    const action = planAction(data, plan, interval);
    return (
      <PlanContext.Provider value={plan}>
        <li
          {...props}
          ref={ref}
          className={ui.cls('plan', className)}
          data-plan={plan.key}
          data-action={action}
          data-current={action === 'current' ? '' : undefined}
        />
      </PlanContext.Provider>
    );
  },
);

/* -------------------------------------------------------------------------------------------------
 * Card parts.
 * -----------------------------------------------------------------------------------------------*/

/** The plan's name as a heading. */
export const Name = forwardRef<HTMLHeadingElement, HTMLAttributes<HTMLHeadingElement>>(
  function Name({ className, ...props }, ref) {
    const plan = usePlan('Name');
    const { ui } = usePricingTable('Name');
    return (
      <h3 {...props} ref={ref} className={ui.cls('plan-name', className)}>
        {plan.name}
      </h3>
    );
  },
);

/** The plan's description. */
export const Description = forwardRef<HTMLParagraphElement, HTMLAttributes<HTMLParagraphElement>>(
  function Description({ className, ...props }, ref) {
    const plan = usePlan('Description');
    const { ui } = usePricingTable('Description');
    return (
      <p {...props} ref={ref} className={ui.cls('plan-description', className)}>
        {plan.description}
      </p>
    );
  },
);

/** The price for the chosen interval, in the provider's locale. */
export const Price = forwardRef<HTMLParagraphElement, HTMLAttributes<HTMLParagraphElement>>(
  function Price({ className, ...props }, ref) {
    const plan = usePlan('Price');
    const { interval, ui } = usePricingTable('Price');
    const price = plan.prices.find((p) => p.interval === interval);
    return (
      <p {...props} ref={ref} className={ui.cls('price', className)} data-interval={interval}>
        {plan.free ? (
          ui.labels.free
        ) : price ? (
          <>
            <span className={ui.cls('price-amount')}>{ui.money(price.amount, price.currency)}</span>{' '}
            <span className={ui.cls('price-interval')}>{ui.labels.perInterval(interval)}</span>
          </>
        ) : (
          ui.labels.notOffered
        )}
      </p>
    );
  },
);

/** "Current plan" and trial badges, when they apply. */
export const Badges = forwardRef<HTMLParagraphElement, HTMLAttributes<HTMLParagraphElement>>(
  function Badges({ className, ...props }, ref) {
    const plan = usePlan('Badges');
    const { data, interval, ui } = usePricingTable('Badges');
    const action = planAction(data, plan, interval);
    if (action !== 'current' && action !== 'trial') return null;
    return (
      <p {...props} ref={ref} className={ui.cls('badges', className)}>
        <span className={ui.cls('badge')} data-badge={action}>
          {action === 'current' ? ui.labels.currentPlan : ui.labels.trialBadge(plan.trialDays)}
        </span>
      </p>
    );
  },
);

/** The plan's feature list. */
export const Features = forwardRef<HTMLUListElement, HTMLAttributes<HTMLUListElement>>(
  function Features({ className, ...props }, ref) {
    const plan = usePlan('Features');
    const { ui } = usePricingTable('Features');
    return (
      <ul
        {...props}
        ref={ref}
        className={ui.cls('features', className)}
        aria-label={ui.labels.features(plan.name)}
      >
        {plan.features.map((feature) => (
          <li key={feature}>{feature}</li>
        ))}
      </ul>
    );
  },
);

/** Subscribe (checkout), Switch (plan switcher) or nothing, depending on the caller's plan. */
export const Action = forwardRef<HTMLButtonElement, HTMLAttributes<HTMLButtonElement>>(
  function Action({ className, ...props }, ref) {
    const plan = usePlan('Action');
    const context = usePricingTable('Action');
    const { data, interval, ui, checkoutPlan } = context;
    const action = planAction(data, plan, interval);
    if (action === 'current' || action === 'none' || action === 'unavailable') return null;
    const pending = checkoutPlan === plan.key;
    const label =
      action === 'switch'
        ? ui.labels.switchPlan
        : pending
          ? ui.labels.redirecting
          : action === 'trial'
            ? ui.labels.startTrial(plan.trialDays)
            : ui.labels.subscribe;
    return (
      <button
        type="button"
        {...props}
        ref={ref}
        className={ui.cls('action', className)}
        data-action={action}
        data-state={pending ? 'pending' : 'idle'}
        aria-label={ui.labels.actionName(label, plan.name)}
        aria-disabled={checkoutPlan !== null || undefined}
        onClick={(event) => {
          if (checkoutPlan !== null) return;
          if (action === 'switch') context.onSwitch(plan, interval, event.currentTarget);
          else context.checkout(plan);
        }}
      >
        {label}
      </button>
    );
  },
);
