import type { ErrorCode, RouteName } from '@tollgate/core';

/** Any route can fail on the server's side, or be called with the wrong method. */
const EVERY_ROUTE: ErrorCode[] = [
  'METHOD_NOT_ALLOWED',
  'INTERNAL_ERROR',
  'CONFIG_INVALID',
  'STORE_NOT_MIGRATED',
];
/** A route that calls Stripe. */
const STRIPE: ErrorCode[] = ['STRIPE_UNAVAILABLE', 'RATE_LIMITED', 'SNAPSHOT_CONFLICT'];
/** A browser POST with a JSON body on the user's behalf. */
const USER_POST: ErrorCode[] = [
  'UNAUTHENTICATED',
  'FORBIDDEN_ORIGIN',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'INVALID_JSON',
  'INVALID_REQUEST',
];
const PLAN_CHOICE: ErrorCode[] = ['UNKNOWN_PLAN', 'UNKNOWN_INTERVAL', 'INVALID_SEATS'];

/**
 * The error codes each route answers with (besides router-level 404 `NOT_FOUND`). The OpenAPI
 * document lists them per status, and the server's tests check every error they see against it.
 */
export const ROUTE_ERRORS: Record<RouteName, readonly ErrorCode[]> = {
  plans: [...EVERY_ROUTE, ...STRIPE, 'UNAUTHENTICATED'],
  status: [...EVERY_ROUTE, 'UNAUTHENTICATED', 'SNAPSHOT_CONFLICT'],
  usage: [...EVERY_ROUTE, ...STRIPE, 'UNAUTHENTICATED'],
  checkout: [
    ...EVERY_ROUTE,
    ...STRIPE,
    ...USER_POST,
    ...PLAN_CHOICE,
    'INVALID_REDIRECT',
    'INVALID_PROMOTION_CODE',
    'ALREADY_SUBSCRIBED',
  ],
  portal: [...EVERY_ROUTE, ...STRIPE, ...USER_POST, 'INVALID_REDIRECT', 'NO_SUBSCRIPTION'],
  preview: [
    ...EVERY_ROUTE,
    ...STRIPE,
    ...USER_POST,
    ...PLAN_CHOICE,
    'NO_SUBSCRIPTION',
    'PLAN_UNCHANGED',
  ],
  change: [
    ...EVERY_ROUTE,
    ...STRIPE,
    ...USER_POST,
    ...PLAN_CHOICE,
    'NO_SUBSCRIPTION',
    'PLAN_UNCHANGED',
    'PREVIEW_EXPIRED',
    'PAYMENT_FAILED',
  ],
  cancel: [...EVERY_ROUTE, ...STRIPE, ...USER_POST, 'NO_SUBSCRIPTION'],
  resume: [...EVERY_ROUTE, ...STRIPE, ...USER_POST, 'NO_SUBSCRIPTION'],
  webhook: [
    ...EVERY_ROUTE,
    ...STRIPE,
    'INVALID_SIGNATURE',
    'SIGNATURE_EXPIRED',
    'INVALID_JSON',
    'INVALID_REQUEST',
    'PAYLOAD_TOO_LARGE',
    'EVENT_IN_PROGRESS',
  ],
};
