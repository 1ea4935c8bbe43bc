import type { StripeLike } from '../src/provider/stripe';

/**
 * A stand-in for the browser's stripe.js instance — only the one method Tollgate calls for
 * 3-D Secure (`handleNextAction`), answering the way stripe.js does. It never stands in for
 * Stripe's API: our server is the only thing the components talk to over HTTP.
 */
export function stripeDouble(
  outcome: 'succeeded' | 'failed' | 'processing',
  /** Runs when a payment succeeds: what our server would learn from Stripe's webhook. */
  onSucceeded: () => void = () => {},
) {
  const confirmed: string[] = [];
  const stripe: StripeLike = {
    async handleNextAction({ clientSecret }) {
      confirmed.push(clientSecret);
      if (outcome === 'failed') {
        return {
          error: {
            code: 'payment_intent_authentication_failure',
            message:
              'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
          },
        };
      }
      if (outcome === 'succeeded') onSucceeded();
      return { paymentIntent: { status: outcome } };
    },
  };
  return { stripe, confirmed };
}
