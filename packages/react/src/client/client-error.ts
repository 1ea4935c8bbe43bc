import { BillingError } from '@tollgate/core';

/**
 * Failures only the browser side can see — the server was not reached, or it answered off the
 * contract. They never cross the wire, so they live here, not in core's code → status table.
 */
export type ClientErrorCode = 'NETWORK_ERROR' | 'INVALID_RESPONSE';

/**
 * The `BillingError` the client raises for a {@link ClientErrorCode}: its `status` is 0 (no
 * Tollgate answer); `httpStatus` is what the server answered, 0 when it was not reached. Only a
 * network failure is worth retrying as is.
 *
 * @example
 * if (error instanceof BillingClientError && error.code === 'NETWORK_ERROR') showOffline();
 */
export class BillingClientError extends BillingError<ClientErrorCode> {
  readonly httpStatus: number;

  constructor(
    code: ClientErrorCode,
    message: string,
    options: { cause?: unknown; httpStatus?: number } = {},
  ) {
    super(code, message, options.cause === undefined ? {} : { cause: options.cause });
    this.name = 'BillingClientError';
    this.httpStatus = options.httpStatus ?? 0;
  }

  override get retryable(): boolean {
    return this.code === 'NETWORK_ERROR';
  }
}
