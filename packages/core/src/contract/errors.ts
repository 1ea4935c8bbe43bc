/**
 * Every error code Tollgate answers with, and the HTTP status it maps to. One table, shared by
 * the server (which answers with it) and the client (which raises `BillingError` from it).
 */
export const ERROR_STATUS = {
  INVALID_REQUEST: 400,
  INVALID_JSON: 400,
  UNKNOWN_PLAN: 400,
  UNKNOWN_INTERVAL: 400,
  INVALID_REDIRECT: 400,
  /** A seat count outside the plan's bounds (or seats on a plan not sold per seat). */
  INVALID_SEATS: 400,
  /** A promotion code Stripe does not know, or one that does not apply here. */
  INVALID_PROMOTION_CODE: 400,
  INVALID_SIGNATURE: 400,
  SIGNATURE_EXPIRED: 400,
  UNAUTHENTICATED: 401,
  PAYMENT_FAILED: 402,
  FORBIDDEN_ORIGIN: 403,
  /** A hard usage limit of the plan is reached (`recordUsage`); upgrading lifts it. */
  USAGE_LIMIT_REACHED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  ALREADY_SUBSCRIBED: 409,
  NO_SUBSCRIPTION: 409,
  PLAN_UNCHANGED: 409,
  PREVIEW_EXPIRED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  CONFIG_INVALID: 500,
  STRIPE_UNAVAILABLE: 503,
  STORE_NOT_MIGRATED: 503,
  /** A webhook event another attempt is still processing: Stripe retries it later. */
  EVENT_IN_PROGRESS: 503,
  /** A customer's snapshot kept being written by other instances while this one synced it. */
  SNAPSHOT_CONFLICT: 503,
} as const;

/** An UPPER_SNAKE error code from {@link ERROR_STATUS}. */
export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * A code as read off the wire: one of {@link ErrorCode}, or one a newer server added, which the
 * client keeps as it is (labels fall back to their generic text for it).
 */
export type WireErrorCode = ErrorCode | (string & {});

/** The one error body: `{error: {code, message, details?}}`; its schema is `errorBodySchema`. */
export interface ErrorBody {
  error: { code: WireErrorCode; message: string; details?: Record<string, unknown> };
}

/** Codes a caller may retry as they are (the failure was transient, not the request). */
export const RETRYABLE_CODES: ReadonlySet<ErrorCode> = new Set([
  'RATE_LIMITED',
  'STRIPE_UNAVAILABLE',
  'EVENT_IN_PROGRESS',
  'SNAPSHOT_CONFLICT',
]);

/**
 * The single error type of Tollgate, on both sides of the wire. Its `status` always comes from
 * {@link ERROR_STATUS}: a failure that needs another status needs another code. The type
 * parameter exists for the React client's own codes (`NETWORK_ERROR`, `INVALID_RESPONSE`), which
 * never cross the wire and have no HTTP status (0); everywhere else the code is an `ErrorCode`.
 *
 * @example
 * throw new BillingError('UNKNOWN_PLAN', 'No plan "gold" in the catalog — use one of: free, pro.');
 */
export class BillingError<Code extends string = ErrorCode> extends Error {
  readonly code: Code;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: NoInfer<Code>,
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BillingError';
    this.code = code;
    this.status = (ERROR_STATUS as Record<string, number | undefined>)[code] ?? 0;
    this.details = options.details;
  }

  /** Whether repeating the same request later may succeed. */
  get retryable(): boolean {
    return (RETRYABLE_CODES as ReadonlySet<string>).has(this.code);
  }

  /** The wire body for this error. */
  toBody(): ErrorBody {
    return {
      error: {
        code: this.code as unknown as ErrorCode,
        message: this.message,
        ...(this.details ? { details: this.details } : {}),
      },
    };
  }
}
