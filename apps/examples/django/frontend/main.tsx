/**
 * The billing page's React part: Tollgate's components against `/api/billing`, which Django
 * proxies to the Tollgate service. Django's CSRF token rides along on every POST.
 */
import {
  BillingProvider,
  BillingStatusBanner,
  PricingTable,
  useBillingStatus,
  useCancel,
} from '@tollgate/react';
import '@tollgate/react/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

function Subscription() {
  const status = useBillingStatus();
  const cancel = useCancel();
  const data = status.data;
  if (!data) return null;
  const live = data.status !== 'none' && data.status !== 'canceled';
  return (
    <p
      data-testid="subscription"
      data-plan={data.plan}
      data-status={data.status}
      data-access={data.access}
    >
      Plan: {data.plan} ({data.status}){data.cancelAt ? `, ends ${data.cancelAt.slice(0, 10)}` : ''}
      .{' '}
      {live && !data.cancelAt ? (
        <button type="button" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
          Cancel subscription
        </button>
      ) : null}
    </p>
  );
}

const root = document.getElementById('billing');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <BillingProvider headers={{ 'X-CSRFToken': root.dataset.csrfToken ?? '' }}>
        <BillingStatusBanner />
        <Subscription />
        <PricingTable successPath="/?checkout=success" cancelPath="/" />
      </BillingProvider>
    </StrictMode>,
  );
}
