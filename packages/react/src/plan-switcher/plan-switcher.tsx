'use client';
import { useId } from 'react';
import { useUi } from '../internal/use-ui';
import { Confirm, Options, Outcome, Preview, Scheduled, Seats, Summary } from './parts';
import { type PlanSwitcherRootProps, Root } from './root';

export type { PlanSwitcherRootProps } from './root';
export type { PlanChoice, PlanSwitcherState } from './state';

/** Props of {@link PlanSwitcher}: those of `PlanSwitcher.Root`, without children. */
export interface PlanSwitcherProps extends Omit<PlanSwitcherRootProps, 'children' | 'labelledBy'> {
  /** Heading level of the title. Default 2. */
  headingLevel?: 2 | 3 | 4;
}

/**
 * Change plan or billing period: every paid plan × interval as a radio group; choosing one
 * previews it exactly as Stripe will bill it (each line with its period, due today, next bill —
 * or the new price and start date for a change at period end); Confirm applies it, completing
 * 3-D Secure with stripe.js when the bank asks. A scheduled downgrade can be dropped here too.
 * For custom layouts compose `PlanSwitcher.Root`, `.Scheduled`, `.Options`, `.Seats`, `.Summary`,
 * `.Preview`, `.Confirm` and `.Outcome`.
 *
 * @example
 * <PlanSwitcher onDone={() => router.push('/billing')} />
 */
function PlanSwitcherDefault({ headingLevel = 2, ...props }: PlanSwitcherProps) {
  const title = useId();
  const ui = useUi(props.unstyled);
  const Heading = `h${headingLevel}` as const;
  return (
    <Root
      {...props}
      labelledBy={title}
      heading={
        <Heading id={title} className={ui.cls('title')}>
          {ui.labels.switcherTitle}
        </Heading>
      }
    >
      <Scheduled />
      <Options />
      <Seats />
      <Summary />
      <Preview />
      <Outcome />
      <div className={ui.cls('actions')}>
        <Confirm />
      </div>
    </Root>
  );
}

/** The plan switcher, with its parts for custom layouts. */
export const PlanSwitcher = Object.assign(PlanSwitcherDefault, {
  Root,
  Scheduled,
  Options,
  Seats,
  Summary,
  Preview,
  Confirm,
  Outcome,
});
