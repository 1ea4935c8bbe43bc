import type { Stripe } from '@stripe/stripe-js';
import { lazy, useMemo, useRef } from 'react';
import type { StripeLike } from '../provider/stripe';

interface FrameProps {
  clientSecret: string;
  stripe: Promise<StripeLike | null>;
  onComplete?: () => void;
}

// `@stripe/react-stripe-js` is an optional peer: a named static import of it breaks an app's
// bundler when it is not installed (Vite: "not exported by __vite-optional-peer-dep"). It is
// loaded here, when Embedded Checkout first opens, so apps without it still build.
let stripeReact: typeof import('@stripe/react-stripe-js');

function StripeEmbeddedCheckout(props: FrameProps) {
  const { EmbeddedCheckoutProvider, EmbeddedCheckout } = stripeReact;
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

const Frame = lazy(async () => {
  stripeReact = await import('@stripe/react-stripe-js');
  return { default: StripeEmbeddedCheckout };
});

/** Stripe's Embedded Checkout for a session's client secret (loaded lazily with stripe.js). */
export default function EmbeddedCheckoutFrame(props: FrameProps) {
  return <Frame {...props} />;
}
