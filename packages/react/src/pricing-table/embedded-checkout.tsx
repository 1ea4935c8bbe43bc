'use client';
import { EmbeddedCheckout, EmbeddedCheckoutProvider } from '@stripe/react-stripe-js';
import type { Stripe } from '@stripe/stripe-js';
import { useMemo } from 'react';
import type { StripeLike } from '../provider/stripe';

/** Stripe's Embedded Checkout for a session's client secret (loaded lazily with stripe.js). */
export default function EmbeddedCheckoutFrame(props: {
  clientSecret: string;
  stripe: Promise<StripeLike | null>;
  onComplete?: () => void;
}) {
  const options = useMemo(
    () => ({ clientSecret: props.clientSecret, onComplete: props.onComplete }),
    [props.clientSecret, props.onComplete],
  );
  return (
    <EmbeddedCheckoutProvider stripe={props.stripe as Promise<Stripe | null>} options={options}>
      <EmbeddedCheckout />
    </EmbeddedCheckoutProvider>
  );
}
