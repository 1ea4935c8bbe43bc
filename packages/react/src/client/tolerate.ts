import { ALERT_ORDER, type BillingStatus, type WireErrorCode } from '@tollgate/core';

const KNOWN_ALERTS: ReadonlySet<string> = new Set(ALERT_ORDER);

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A status as this client understands it: alerts of types a newer server added are skipped (the
 * banner cannot describe them), everything else is kept as sent. The server checks its answers
 * against the zod schemas in its tests and dev mode; the browser does not ship a validator.
 */
export function tolerateStatus(status: BillingStatus): BillingStatus {
  return Array.isArray(status.alerts)
    ? { ...status, alerts: status.alerts.filter((alert) => KNOWN_ALERTS.has(alert?.type)) }
    : status;
}

/** The body of a success answer, with every embedded status made tolerable. */
export function tolerateBody(body: Json): Json {
  if (Array.isArray(body.alerts)) return tolerateStatus(body as unknown as BillingStatus) as Json;
  if (isObject(body.status) && Array.isArray(body.status.alerts)) {
    return { ...body, status: tolerateStatus(body.status as unknown as BillingStatus) };
  }
  return body;
}

/** `{error: {code, message, details?}}` with any code string (a newer server's codes kept as they are). */
export function readErrorBody(
  body: unknown,
): { code: WireErrorCode; message: string; details?: Record<string, unknown> } | null {
  const error = isObject(body) ? body.error : undefined;
  if (!isObject(error) || typeof error.code !== 'string' || typeof error.message !== 'string') {
    return null;
  }
  return {
    code: error.code,
    message: error.message,
    ...(isObject(error.details) ? { details: error.details } : {}),
  };
}

export { isObject };
