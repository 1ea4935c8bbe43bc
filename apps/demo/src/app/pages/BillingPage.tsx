import { PlanSwitcher, useBillingStatus, useCancel, usePortal } from '@tollgate/react';

/** Billing settings: the plan switcher, the customer portal and cancellation. */
export function BillingPage() {
  const status = useBillingStatus();
  const portal = usePortal();
  const cancel = useCancel();
  const subscribed =
    status.data && status.data.status !== 'none' && status.data.status !== 'canceled';
  return (
    <section aria-labelledby="billing-title">
      <h1 id="billing-title">Billing</h1>
      {status.data ? (
        <dl className="demo-facts">
          <dt>Plan</dt>
          <dd data-testid="billing-plan">{status.data.plan}</dd>
          <dt>Status</dt>
          <dd data-testid="billing-status">{status.data.status}</dd>
          <dt>Access</dt>
          <dd data-testid="billing-access">{status.data.access}</dd>
          {status.data.currentPeriodEnd ? (
            <>
              <dt>Current period ends</dt>
              <dd>{new Date(status.data.currentPeriodEnd).toLocaleDateString()}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {subscribed ? (
        <PlanSwitcher />
      ) : (
        <p>You are on the free plan. Pick a plan on the Pricing page.</p>
      )}
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
        {subscribed && !status.data?.cancelAt ? (
          <button type="button" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
            Cancel subscription
          </button>
        ) : null}
      </div>
      {portal.isError ? <p role="alert">{portal.error.message}</p> : null}
      {cancel.isError ? <p role="alert">{cancel.error.message}</p> : null}
    </section>
  );
}
