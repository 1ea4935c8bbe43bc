/**
 * The slice of a stripe.js `Stripe` instance Tollgate calls for on-session payment confirmation
 * (3-D Secure). A real `Stripe` from `loadStripe()` satisfies it.
 */
export interface StripeLike {
  handleNextAction(options: { clientSecret: string }): Promise<{
    paymentIntent?: { status: string } | undefined;
    error?: { message?: string | undefined; code?: string | undefined } | undefined;
  }>;
}

/** A publishable key (`pk_…`, loaded lazily through `@stripe/stripe-js`) or a `loadStripe()` promise. */
export type StripeOption = string | PromiseLike<StripeLike | null>;

/** @internal Resolves the provider's `stripe` option, loading stripe.js only when first needed. */
export function stripeLoader(option: StripeOption | undefined): () => Promise<StripeLike | null> {
  let loaded: Promise<StripeLike | null> | undefined;
  return () => {
    loaded ??=
      option === undefined
        ? Promise.resolve(null)
        : typeof option === 'string'
          ? import('@stripe/stripe-js').then(
              (m) => m.loadStripe(option) as Promise<StripeLike | null>,
            )
          : Promise.resolve(option);
    return loaded;
  };
}
