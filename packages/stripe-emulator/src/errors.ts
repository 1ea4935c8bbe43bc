/** The `type` of a Stripe error body. */
type StripeErrorType =
  | 'invalid_request_error'
  | 'card_error'
  | 'api_error'
  | 'idempotency_error'
  | 'authentication_error'
  | 'rate_limit_error';

/** Fields of a Stripe error body (`{error: {...}}`). */
export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  param?: string;
  decline_code?: string;
  doc_url?: string;
  payment_intent?: unknown;
  setup_intent?: unknown;
  request_log_url?: string;
}

/**
 * An error the emulator answers with, shaped like Stripe's so the SDK raises the right class.
 * `saved` says whether an idempotency key replays it (validation failures are not saved).
 */
export class StripeApiError extends Error {
  readonly status: number;
  readonly body: StripeErrorBody;
  readonly saved: boolean;

  constructor(status: number, body: StripeErrorBody, saved = false) {
    super(body.message);
    this.name = 'StripeApiError';
    this.status = status;
    this.body = body.code
      ? { doc_url: `https://docs.stripe.com/error-codes/${body.code.replace(/_/g, '-')}`, ...body }
      : body;
    this.saved = saved;
  }
}

/** 400 `invalid_request_error` — bad or missing parameter. */
export function invalidRequest(message: string, param?: string, code?: string): StripeApiError {
  return new StripeApiError(400, {
    type: 'invalid_request_error',
    message,
    ...(param ? { param } : {}),
    ...(code ? { code } : {}),
  });
}

/** 400 `parameter_missing`. */
export function missingParam(param: string): StripeApiError {
  return invalidRequest(`Missing required param: ${param}.`, param, 'parameter_missing');
}

/**
 * `resource_missing` — "No such customer: 'cus_x'": 404 for the object the URL names (`param`
 * `id`), 400 for an id inside the request's parameters, as Stripe answers.
 */
export function resourceMissing(noun: string, id: string, param = 'id'): StripeApiError {
  return new StripeApiError(param === 'id' ? 404 : 400, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    message: `No such ${noun}: '${id}'`,
    param,
  });
}

/** 402 card error (saved for idempotency replay, like Stripe). */
export function cardError(
  message: string,
  code: string,
  extra: Partial<StripeErrorBody> = {},
): StripeApiError {
  return new StripeApiError(402, { type: 'card_error', code, message, ...extra }, true);
}
