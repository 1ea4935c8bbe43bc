import { formatMoney } from '@tollgate/core';
import { PlanSwitcher, useCancel, usePlans, usePortal } from '@tollgate/react';
import { useState } from 'react';
import {
  accessText,
  discountText,
  formatDay,
  hasEnded,
  nextDateLabel,
  planLabel,
  stateText,
} from '../human';
import { navigate } from '../router';
import { useShownStatus } from '../use-shown-status';

/** Billing settings: the current plan, the plan switcher, the customer portal and cancellation. */
export function BillingPage() {
  const status = useShownStatus();
  const plans = usePlans();
  const portal = usePortal();
  const cancel = useCancel();
  const [confirming, setConfirming] = useState(false);
  // The plan is named from the catalog: until it loads, the page says it is loading rather than
  // showing the plan's key ("free" for "Free").
  const catalogSettled = plans.data !== undefined || plans.isError;
  const data = catalogSettled ? status.data : undefined;
  const subscribed = data && data.status !== 'none' && !hasEnded(data);
  const price = data
    ? plans.data?.plans
        .find((plan) => plan.key === data.plan)
        ?.prices.find((p) => p.interval === data.interval)
    : undefined;
  const tone = !data
    ? 'neutral'
    : (data.access === 'none' && !hasEnded(data)) || data.status === 'past_due'
      ? 'critical'
      : data.cancelAt
        ? 'warning'
        : subscribed
          ? 'success'
          : 'neutral';
  return (
    <section aria-labelledby="billing-title">
      <h1 id="billing-title">Billing</h1>
      <p className="demo-muted demo-lead">Your plan, payment method and invoices.</p>
      {status.isPending || status.confirming || (status.data && !catalogSettled) ? (
        <p role="status" className="demo-card demo-muted">
          {status.confirming ? 'Confirming your subscription…' : 'Loading your plan…'}
        </p>
      ) : null}
      {status.isError ? (
        <p role="alert">Your plan could not be loaded. Reload the page to try again.</p>
      ) : null}
      {data ? (
        <section className="demo-card" aria-labelledby="current-plan-title">
          <div className="demo-card-head">
            <div>
              <h2 id="current-plan-title" className="demo-eyebrow">
                Current plan
              </h2>
              <p className="demo-plan-name" data-testid="billing-plan" data-plan={data.plan}>
                {planLabel(plans.data, data)}
              </p>
              {price ? (
                <p className="demo-muted">
                  {formatMoney(price.amount, price.currency, 'en-US', { trimWhole: true })} per{' '}
                  {price.interval}
                </p>
              ) : null}
            </div>
            <span
              className="demo-pill"
              data-tone={tone}
              data-testid="billing-status"
              data-status={data.status}
            >
              {stateText(data)}
            </span>
          </div>
          <dl className="demo-facts">
            <dt>Access</dt>
            <dd data-testid="billing-access" data-access={data.access}>
              {accessText(plans.data, data)}
            </dd>
            {data.discount && subscribed ? (
              <>
                <dt>Discount</dt>
                <dd data-testid="billing-discount">{discountText(data.discount)}</dd>
              </>
            ) : null}
            {data.currentPeriodEnd && subscribed ? (
              <>
                <dt>{nextDateLabel(plans.data, data)}</dt>
                <dd data-testid="billing-next-date">
                  {formatDay(data.cancelAt ?? data.currentPeriodEnd)}
                </dd>
              </>
            ) : null}
          </dl>
          {subscribed ? null : (
            <p>
              You are on the {planLabel(plans.data, data)} plan.{' '}
              <a
                href="/pricing"
                onClick={(event) => {
                  event.preventDefault();
                  navigate('/pricing');
                }}
              >
                Choose a plan
              </a>{' '}
              to subscribe.
            </p>
          )}
          {subscribed ? (
            <div className="demo-row">
              <button
                type="button"
                onClick={() => portal.mutate({ returnPath: '/billing' })}
                disabled={portal.isPending}
              >
                Manage payment methods and invoices
              </button>
              {!data.cancelAt && !confirming ? (
                <button type="button" onClick={() => setConfirming(true)}>
                  Cancel subscription
                </button>
              ) : null}
            </div>
          ) : null}
          {subscribed && !data.cancelAt && confirming ? (
            <section aria-labelledby="cancel-question" className="demo-confirm">
              <p id="cancel-question">
                Cancel your {planLabel(plans.data, data)} subscription? You keep it until{' '}
                {data.currentPeriodEnd ? formatDay(data.currentPeriodEnd) : 'the end of the period'}
                , and can resume any time before then.
              </p>
              <div className="demo-row">
                <button
                  type="button"
                  className="demo-destructive"
                  onClick={() =>
                    cancel.mutate(undefined, { onSettled: () => setConfirming(false) })
                  }
                  disabled={cancel.isPending}
                >
                  {cancel.isPending ? 'Canceling…' : 'Cancel at period end'}
                </button>
                <button type="button" onClick={() => setConfirming(false)}>
                  Keep my subscription
                </button>
              </div>
            </section>
          ) : null}
          {portal.isError ? <p role="alert">{portal.error.message}</p> : null}
          {cancel.isError ? <p role="alert">{cancel.error.message}</p> : null}
        </section>
      ) : null}
      {subscribed ? (
        <section className="demo-section" aria-label="Change plan">
          <PlanSwitcher />
        </section>
      ) : null}
    </section>
  );
}
