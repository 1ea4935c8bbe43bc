'use client';
import { EmbeddedCheckout, EmbeddedCheckoutProvider } from '@stripe/react-stripe-js';
import type { Stripe } from '@stripe/stripe-js';
import { useMemo, useRef } from 'react';
import type { StripeLike } from '../provider/stripe';

/** Stripe's Embedded Checkout for a session's client secret (loaded lazily with stripe.js). */
export default function EmbeddedCheckoutFrame(props: {
  clientSecret: string;
  stripe: Promise<StripeLike | null>;
  onComplete?: () => void;
}) {
  // Embedded Checkout refuses option changes after mount, so the callback goes through a ref.
  const onComplete = useRef(props.onComplete);
  onComplete.current = props.onComplete;
  const options = useMemo(
    () => ({ clientSecret: props.clientSecret, onComplete: () => onComplete.current?.() }),
    [props.clientSecret],
  );
  return (
    <EmbeddedCheckoutProvider stripe={props.stripe as Promise<Stripe | null>} options={options}>
      <EmbeddedCheckout />
    </EmbeddedCheckoutProvider>
  );
}
