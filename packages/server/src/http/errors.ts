import { BillingError, type ErrorCode } from '@tollgate/core';
import type { Logger } from '../logger';
import { json } from './respond';

interface StripeLikeError {
  type: string;
  message: string;
  code?: string;
  decline_code?: string;
  requestId?: string;
  statusCode?: number;
  param?: string;
}

function isStripeError(error: unknown): error is StripeLikeError {
  if (!(error instanceof Error)) return false;
  const type = (error as { type?: unknown }).type;
  return typeof type === 'string' && type.startsWith('Stripe');
}

const STRIPE_CODES: Record<string, ErrorCode> = {
  StripeCardError: 'PAYMENT_FAILED',
  StripeRateLimitError: 'RATE_LIMITED',
  StripeConnectionError: 'STRIPE_UNAVAILABLE',
  StripeAPIError: 'STRIPE_UNAVAILABLE',
};

const STRIPE_MESSAGES: Partial<Record<ErrorCode, string>> = {
  RATE_LIMITED: 'Stripe is rate-limiting this account — retry in a few seconds.',
  STRIPE_UNAVAILABLE: 'Stripe could not be reached or failed — retry in a few seconds.',
  INTERNAL_ERROR: 'The billing server could not complete this request — see the server log.',
};

/** Postgres codes for a missing table / function: Tollgate's migrations have not run. */
const UNDEFINED_OBJECT = new Set(['42P01', '42883']);

function isMissingMigration(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && UNDEFINED_OBJECT.has(code) && /tollgate/i.test(error.message);
}

/**
 * Turns anything thrown into a {@link BillingError}. Stripe errors keep their `requestId` (in
 * `details`) and the original error as `cause`; card errors keep Stripe's customer-safe message;
 * anything else becomes `INTERNAL_ERROR` with a message that reveals nothing.
 */
export function toBillingError(error: unknown): BillingError {
  if (error instanceof BillingError) return error;
  if (isStripeError(error)) {
    const code = STRIPE_CODES[error.type] ?? 'INTERNAL_ERROR';
    const message =
      code === 'PAYMENT_FAILED' ? error.message : (STRIPE_MESSAGES[code] ?? error.message);
    const details: Record<string, unknown> = {};
    if (error.requestId) details.stripeRequestId = error.requestId;
    if (code === 'PAYMENT_FAILED') {
      if (error.code) details.stripeCode = error.code;
      if (error.decline_code) details.declineCode = error.decline_code;
    }
    return new BillingError(code, message, { details, cause: error });
  }
  if (isMissingMigration(error)) {
    return new BillingError(
      'STORE_NOT_MIGRATED',
      'The billing database has no Tollgate tables yet — run `npx tollgate migrate` (or pass `migrate: true` to createBilling), then retry.',
      { cause: error },
    );
  }
  return new BillingError('INTERNAL_ERROR', STRIPE_MESSAGES.INTERNAL_ERROR!, { cause: error });
}

/** The Response for anything thrown; server-side failures are logged (redacted) with their cause. */
export function errorResponse(error: unknown, logger: Logger, route: string): Response {
  const billingError = toBillingError(error);
  if (billingError.status >= 500) {
    let cause = billingError.cause;
    while (cause instanceof BillingError && cause.cause !== undefined) cause = cause.cause;
    logger.error(`${route} failed: ${billingError.code}`, {
      message: cause instanceof Error ? cause.message : billingError.message,
      stripeType: isStripeError(cause) ? cause.type : undefined,
      stripeRequestId: billingError.details?.stripeRequestId,
    });
  }
  const headers: Record<string, string> = {};
  if (billingError.code === 'METHOD_NOT_ALLOWED' && billingError.details?.allow) {
    headers.allow = String(billingError.details.allow);
  }
  if (typeof billingError.details?.retryAfter === 'number') {
    headers['retry-after'] = String(billingError.details.retryAfter);
  }
  return json(billingError.toBody(), billingError.status || 500, headers);
}
