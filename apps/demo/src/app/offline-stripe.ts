import { createBillingClient, type StripeLike } from '@tollgate/react';

/**
 * What the offline demo gives Tollgate in place of stripe.js (which needs Stripe's servers) for
 * 3D Secure: it sends the customer to the invoice's hosted page on the emulator, where the
 * challenge is completed or failed, with a `return_url` so its "Return to the site" brings the
 * customer back to this page. Without a hosted page it answers with an error, and the components
 * offer "Pay the invoice instead".
 */
export const offlineStripe: StripeLike = {
  async handleNextAction() {
    const status = await createBillingClient().status();
    for (const alert of status.alerts) {
      if (
        (alert.type === 'action_required' || alert.type === 'incomplete') &&
        alert.hostedInvoiceUrl
      ) {
        const page = new URL(alert.hostedInvoiceUrl);
        page.searchParams.set('return_url', window.location.href);
        window.location.assign(page.href);
        // The page is leaving; never settle, so nothing flashes an error meanwhile.
        return new Promise<never>(() => {});
      }
    }
    return { error: { message: 'Confirm this payment on its invoice page.' } };
  },
};
