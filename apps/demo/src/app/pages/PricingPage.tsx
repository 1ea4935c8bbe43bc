import { PricingTable } from '@tollgate/react';

/** The catalog with live prices from Stripe; Subscribe leaves for Stripe Checkout. */
export function PricingPage() {
  return (
    <section aria-labelledby="pricing-title">
      <h1 id="pricing-title">Pricing</h1>
      <p className="demo-muted">
        Test cards: 4242 4242 4242 4242 succeeds · 4000 0027 6000 3184 asks for 3D Secure · 4000
        0000 0000 0002 is declined.
      </p>
      <p className="demo-offer">
        Launch offer: type <strong>LAUNCH20</strong> on the checkout page for 20% off your first 3
        months. Team is priced per seat: choose from 2 to 50 seats on its card.
      </p>
      <PricingTable successPath="/billing" cancelPath="/pricing" />
    </section>
  );
}
