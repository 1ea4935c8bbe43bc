import { BillingError, type Preview as PreviewData } from '@tollgate/core';
import { type ComponentPropsWithRef, useId } from 'react';
import { useResume } from '../hooks/mutations';
import { usePreview } from '../hooks/queries';
import { composeEventHandlers } from '../internal/compose';
import { discountText } from '../internal/discount-terms';
import { SeatStepper } from '../internal/seat-stepper';
import { Slot } from '../internal/slot';
import type { useUi } from '../internal/use-ui';
import { errorText } from '../provider/labels';
import { useSwitcher } from './context';
import { planChoices, startingSeats } from './state';

/* -------------------------------------------------------------------------------------------------
 * Options: every paid plan × interval as a native radio group (arrow keys, one tab stop).
 * -----------------------------------------------------------------------------------------------*/

/** The plan × interval choices; the current one is marked and cannot be chosen. */
export function Options({ className, ...props }: ComponentPropsWithRef<'fieldset'>) {
  const { ui, plans, status, target, select, isCurrent, state } = useSwitcher('Options');
  const { labels: l, cls, money } = ui;
  const name = useId();
  const discount = status.discount;
  return (
    <fieldset {...props} className={cls('options', className)} disabled={state === 'pending'}>
      <legend className={cls('legend')}>{l.switcherLegend}</legend>
      {planChoices(plans).map(({ plan, choice }) => {
        const price = plan.prices.find((p) => p.interval === choice.interval)!;
        // Another seat count is chosen with the stepper, so the current plan stays choosable.
        const current = isCurrent(choice) && !plan.seats;
        const checked = target?.plan === choice.plan && target.interval === choice.interval;
        return (
          <label
            key={`${choice.plan}:${choice.interval}`}
            className={cls('option')}
            data-state={current ? 'current' : checked ? 'checked' : 'unchecked'}
          >
            <input
              type="radio"
              name={name}
              checked={checked}
              disabled={current}
              onChange={() => select({ ...choice, seats: startingSeats(plan, status) })}
            />
            <span className={cls('option-label')}>
              {plan.name}{' '}
              <span className={cls('option-interval')}>
                {choice.interval === 'year' ? l.yearly : l.monthly}
              </span>
            </span>{' '}
            <span className={cls('option-price')}>
              {money(price.amount, price.currency)}{' '}
              {plan.seats ? l.perSeat(choice.interval) : l.perInterval(choice.interval)}
            </span>
            {current ? ' ' : null}
            {current ? (
              <span className={cls('badge')} data-badge="current">
                {l.currentSuffix}
              </span>
            ) : null}
            {discount && isCurrent({ ...choice, seats: undefined }) ? (
              <span className={cls('option-discount')} data-duration={discount.duration}>
                {' '}
                {l.yourDiscount(discountText(ui, discount))}
              </span>
            ) : null}
          </label>
        );
      })}
    </fieldset>
  );
}

/* -------------------------------------------------------------------------------------------------
 * Seats: the seat count of a chosen per-seat plan.
 * -----------------------------------------------------------------------------------------------*/

/** The seat stepper for the chosen per-seat plan (today's count included); nothing otherwise. */
export function Seats({ className, ...props }: ComponentPropsWithRef<'div'>) {
  const { ui, plans, selected, select, state, planName } = useSwitcher('Seats');
  const plan = plans.plans.find((p) => p.key === selected?.plan);
  if (!selected || !plan?.seats || selected.seats === undefined) return null;
  return (
    <div {...props} className={ui.cls('switcher-seats', className)}>
      <SeatStepper
        value={selected.seats}
        min={plan.seats.min}
        max={plan.seats.max}
        onChange={(seats) => select({ ...selected, seats })}
        label={ui.labels.seatsFor(planName(plan.key))}
        disabled={state === 'pending' || state === 'done'}
        ui={ui}
      />
    </div>
  );
}

/* -------------------------------------------------------------------------------------------------
 * Scheduled: what is set to happen at period end (a change, or the end), with the way to drop it.
 * -----------------------------------------------------------------------------------------------*/

/**
 * The scheduled change with "Keep my current plan", or the pending cancellation with "Keep
 * subscription" — and, before either is pressed, what keeping bills: Stripe's preview of the next
 * invoice without it (discount, tax, total and date). Renders nothing when neither is pending.
 * `data-undo` says which (`scheduled_change`, `cancellation`).
 */
export function Scheduled({ className, ...props }: ComponentPropsWithRef<'div'>) {
  const { ui, status, planName } = useSwitcher('Scheduled');
  const resume = useResume();
  const scheduled = status.pendingChange?.source === 'schedule' ? status.pendingChange : null;
  // Stripe lets a subscription have a schedule or a pending cancellation, never both.
  const undo = scheduled ? 'scheduled_change' : status.cancelAt ? 'cancellation' : null;
  const kept = usePreview(undo ? { kind: 'resume', undo } : null);
  if (!undo) return null;
  const { labels: l, cls, date, money } = ui;
  const bill = kept.data;
  return (
    <div
      {...props}
      className={cls('scheduled', className)}
      data-state={resume.isPending ? 'pending' : 'idle'}
      data-undo={undo}
    >
      <p>
        {scheduled
          ? l.scheduledNote(planName(scheduled.plan), date(scheduled.effectiveAt))
          : l.cancelPending(date(status.cancelAt!))}
      </p>
      <div className={cls('kept')} aria-live="polite" aria-busy={kept.isPending || undefined}>
        {bill ? (
          <dl className={cls('lines')}>
            <Totals preview={bill} ui={ui} />
            <div className={cls('line')} data-line="kept">
              <dt>{l.keptBill(planName(bill.plan))}</dt>
              <dd className={cls('amount')}>
                {l.nextBillOn(money(bill.nextBillAmount, bill.currency), date(bill.nextBillDate))}
              </dd>
            </div>
          </dl>
        ) : (
          <p className={cls('note')}>{kept.isError ? l.previewError : l.previewLoading}</p>
        )}
      </div>
      <button
        type="button"
        className={cls('button')}
        data-variant="secondary"
        aria-disabled={resume.isPending || undefined}
        onClick={() => {
          if (!resume.isPending) resume.mutate({ undo });
        }}
      >
        {resume.isPending ? l.working : scheduled ? l.keepPlan : l.resume}
      </button>
      {resume.isError ? <p role="alert">{errorText(l, resume.error)}</p> : null}
    </div>
  );
}

/* -------------------------------------------------------------------------------------------------
 * Summary: what changes and when, before the amounts.
 * -----------------------------------------------------------------------------------------------*/

/** "Pro (monthly) → Team (monthly), starting today." for the chosen change. */
export function Summary({ className, ...props }: ComponentPropsWithRef<'p'>) {
  const { ui, status, target, kind, preview, planName, plans } = useSwitcher('Summary');
  if (!target || !kind) return null;
  const { labels: l, cls, date } = ui;
  const name = (plan: string, interval: string | null, seats: number | null | undefined) =>
    `${planName(plan)} (${interval === 'year' ? l.yearly : l.monthly}${
      seats && plans.plans.find((p) => p.key === plan)?.seats ? `, ${l.seatCount(seats)}` : ''
    })`;
  const from = name(status.plan, status.interval, status.seats);
  const to = name(target.plan, target.interval, target.seats);
  const at =
    preview.data?.effective === 'period_end'
      ? date(preview.data.nextBillDate)
      : kind === 'downgrade' && status.currentPeriodEnd
        ? date(status.currentPeriodEnd)
        : 'now';
  return (
    <p {...props} className={cls('summary', className)}>
      {l.changeSummary(from, to, at)}
    </p>
  );
}

/* -------------------------------------------------------------------------------------------------
 * Preview: the exact amounts, as Stripe itemised them.
 * -----------------------------------------------------------------------------------------------*/

/**
 * The server's preview of the chosen change: for a change now, each line with Stripe's own
 * description and the period it covers, what is due today and the next bill; for a change at
 * period end, that nothing is charged today, the new price and the date it starts. A change at
 * period end on a subscription set to end has none (`cancel_pending`): it says to keep the
 * subscription first, which `Scheduled` offers.
 */
export function Preview({ className, ...props }: ComponentPropsWithRef<'div'>) {
  const { ui, target, preview, state } = useSwitcher('Preview');
  if (!target) return null;
  const { labels: l, cls, money, date } = ui;
  const data = preview.data;
  const busy = state === 'previewing';
  return (
    <div
      {...props}
      className={cls('preview', className)}
      aria-live="polite"
      aria-busy={busy || undefined}
      data-state={busy ? 'loading' : preview.isError ? 'error' : 'ready'}
      data-effective={data?.effective}
    >
      {busy ? (
        <p role="status" className={cls('note')}>
          {l.previewLoading}
        </p>
      ) : null}
      {state === 'cancel_pending' ? <p className={cls('note')}>{l.resumeFirst}</p> : null}
      {preview.isError ? (
        <div role="alert" className={cls('error')}>
          <p>{l.previewError}</p>
          <p>{errorText(l, preview.error)}</p>
          <button
            type="button"
            className={cls('button')}
            data-variant="secondary"
            onClick={() => void preview.refetch()}
          >
            {l.retry}
          </button>
        </div>
      ) : null}
      {data ? (
        <>
          {data.effective === 'period_end' ? <p className={cls('note')}>{l.nothingToday}</p> : null}
          <dl className={cls('lines')}>
            {data.lines.map((line) => (
              <div
                key={`${line.kind}:${line.description}:${line.periodStart}`}
                className={cls('line')}
                data-line={line.kind}
              >
                <dt>
                  <span className={cls('line-description')}>{line.description}</span>
                  <span className={cls('line-period')}>
                    {l.linePeriod(date(line.periodStart), date(line.periodEnd))}
                  </span>
                </dt>
                <dd className={cls('amount')}>{money(line.amount, data.currency)}</dd>
              </div>
            ))}
            <Totals preview={data} ui={ui} />
            <div className={cls('line')} data-line="total">
              <dt>{l.dueToday}</dt>
              <dd className={cls('amount')}>{money(data.amountDue, data.currency)}</dd>
            </div>
            <div className={cls('line')} data-line="next">
              <dt>{l.nextBill}</dt>
              <dd className={cls('amount')}>
                {l.nextBillOn(money(data.nextBillAmount, data.currency), date(data.nextBillDate))}
              </dd>
            </div>
          </dl>
        </>
      ) : null}
    </div>
  );
}

/**
 * The invoice's subtotal, each discount (with its terms) and each tax as Stripe computed them,
 * and its total — only when there is a discount or tax to show between lines and total.
 */
function Totals({ preview, ui }: { preview: PreviewData; ui: ReturnType<typeof useUi> }) {
  const { labels: l, cls, money } = ui;
  if (!preview.discounts.length && !preview.taxes.length) return null;
  const row = (key: string, term: string, amount: number, kind: string) => (
    <div key={key} className={cls('line')} data-line={kind}>
      <dt>{term}</dt>
      <dd className={cls('amount')}>{money(amount, preview.currency)}</dd>
    </div>
  );
  return (
    <>
      {row('subtotal', l.subtotal, preview.subtotal, 'subtotal')}
      {preview.discounts.map(({ discount, amount }) =>
        row(`d:${discount.name}`, discountText(ui, discount), -amount, 'discount'),
      )}
      {preview.taxes.map((tax) =>
        row(
          `t:${tax.label}:${tax.percentage}`,
          l.tax(tax.label, tax.percentage, tax.inclusive),
          tax.amount,
          'tax',
        ),
      )}
      {row('invoice-total', l.total, preview.total, 'invoice-total')}
    </>
  );
}

/* -------------------------------------------------------------------------------------------------
 * Confirm: applies the previewed change; `asChild` to render your own button.
 * -----------------------------------------------------------------------------------------------*/

/**
 * Confirms the previewed change ("Upgrade now", "Schedule downgrade", "Switch to yearly"); absent
 * while the change waits for the subscription to be kept (`cancel_pending`).
 */
export function Confirm({
  asChild,
  className,
  onClick,
  children,
  ...props
}: ComponentPropsWithRef<'button'> & { asChild?: boolean }) {
  const { ui, target, kind, preview, state, confirm } = useSwitcher('Confirm');
  if (!target || !kind || state === 'done' || state === 'cancel_pending') return null;
  const { labels: l, cls } = ui;
  const Component = asChild ? Slot : 'button';
  const blocked = !preview.data || state === 'pending';
  return (
    <Component
      type={asChild ? undefined : 'button'}
      {...props}
      className={cls('button', className)}
      data-variant="primary"
      data-state={state === 'pending' ? 'pending' : blocked ? 'disabled' : 'idle'}
      aria-disabled={blocked || undefined}
      onClick={composeEventHandlers(onClick, () => confirm())}
    >
      {children ??
        (state === 'pending'
          ? l.confirming
          : l.confirmChange(kind, target.interval, preview.data?.effective))}
    </Component>
  );
}

/* -------------------------------------------------------------------------------------------------
 * Outcome: the result, or what went wrong, of the last confirmation.
 * -----------------------------------------------------------------------------------------------*/

/** The change's outcome as a status message, or its failure as an alert (with the invoice link). */
export function Outcome({ className, ...props }: ComponentPropsWithRef<'div'>) {
  const { ui, change, status, planName } = useSwitcher('Outcome');
  const { labels: l, cls, date } = ui;
  const result = change.data;
  const error = change.error;
  if (result) {
    return (
      <div {...props} className={cls('outcome', className)} data-state="done">
        <p role="status">
          {result.outcome === 'confirmed'
            ? l.paymentConfirmed
            : result.outcome === 'scheduled'
              ? l.changeScheduled(
                  planName(result.status.pendingChange?.plan ?? result.status.plan),
                  date(
                    result.status.pendingChange?.effectiveAt ??
                      result.status.currentPeriodEnd ??
                      status.currentPeriodEnd ??
                      new Date().toISOString(),
                  ),
                )
              : l.changeApplied(planName(result.status.plan))}
        </p>
      </div>
    );
  }
  if (!error) return null;
  const invoice =
    error instanceof BillingError && typeof error.details?.hostedInvoiceUrl === 'string'
      ? error.details.hostedInvoiceUrl
      : null;
  const sca = error instanceof BillingError && error.code === 'PAYMENT_FAILED' && invoice;
  return (
    <div {...props} role="alert" className={cls('error', className)} data-state="error">
      <p>{sca ? l.scaFailed : errorText(l, error)}</p>
      {invoice ? (
        <a className={cls('button')} data-variant="secondary" href={invoice}>
          {l.payInvoice}
        </a>
      ) : null}
    </div>
  );
}
