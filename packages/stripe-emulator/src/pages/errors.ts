import { StripeApiError } from '../errors.js';

/** A failure shown on the page: Stripe's own message and the status it answers with. */
interface PageError {
  status: number;
  message: string;
}

/**
 * Turns what an engine operation threw into a message for the page. Stripe errors keep their
 * message (card declines read exactly like Stripe's); anything else is rethrown.
 */
export function pageError(err: unknown): PageError {
  if (err instanceof StripeApiError) return { status: err.status, message: err.body.message };
  throw err;
}
