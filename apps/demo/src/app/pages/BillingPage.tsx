import { PlanSwitcher, useBillingStatus, useCancel, usePlans, usePortal } from '@tollgate/react';
import { useState } from 'react';
import { formatDay, planLabel, statusText } from '../human';

/** Billing settings: the plan, the plan switcher, the customer portal and cancellation. */
export function BillingPage() {
  const status = useBillingStatus();
  const plans = usePlans();
  const portal = usePortal();
  const cancel = useCancel();
  const [confirming, setConfirming] = useState(false);
  const data = status.data;
  const subscribed = data && data.status !== 'none' && data.status !== 'canceled';
  return (
    <section aria-labelledby="billing-title">
      <h1 id="billing-title">Billing</h1>
      {status.isPending ? <p role="status">Loading your plan…</p> : null}
      {status.isError ? (
        <p role="alert">Your plan could not be loaded. Reload the page to try again.</p>
      ) : null}
      {data ? (
        <dl className="demo-facts">
          <dt>Plan</dt>
          <dd data-testid="billing-plan" data-plan={data.plan}>
            {planLabel(plans.data, data)}
          </dd>
          <dt>Status</dt>
          <dd data-testid="billing-status" data-status={data.status}>
            {statusText(data.status)}
          </dd>
          <dt>Access</dt>
          <dd data-testid="billing-access" data-access={data.access}>
            {data.access === 'full' ? 'Full' : data.access === 'grace' ? 'Grace period' : 'None'}
          </dd>
          {data.currentPeriodEnd ? (
            <>
              <dt>{data.cancelAt ? 'Ends on' : 'Renews on'}</dt>
              <dd>{formatDay(data.cancelAt ?? data.currentPeriodEnd)}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {subscribed ? <PlanSwitcher /> : null}
      {data && !subscribed ? (
        <p>
          You are on the {planLabel(plans.data, data)} plan. <a href="/pricing">Choose a plan</a> to
          subscribe.
        </p>
      ) : null}
      <div className="demo-row">
        {subscribed ? (
          <button
            type="button"
            onClick={() => portal.mutate({ returnPath: '/billing' })}
            disabled={portal.isPending}
          >
            Manage payment methods and invoices
          </button>
        ) : null}
        {subscribed && !data.cancelAt && !confirming ? (
          <button type="button" onClick={() => setConfirming(true)}>
            Cancel subscription
          </button>
        ) : null}
      </div>
      {subscribed && !data.cancelAt && confirming ? (
        <section aria-labelledby="cancel-question" className="demo-confirm">
          <p id="cancel-question">
            Cancel your {planLabel(plans.data, data)} subscription? You keep it until{' '}
            {data.currentPeriodEnd ? formatDay(data.currentPeriodEnd) : 'the end of the period'},
            and can resume any time before then.
          </p>
          <div className="demo-row">
            <button
              type="button"
              onClick={() => cancel.mutate(undefined, { onSettled: () => setConfirming(false) })}
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
  );
}
