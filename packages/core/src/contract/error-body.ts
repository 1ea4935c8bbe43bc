import * as z from 'zod/mini';
import { ERROR_STATUS, type ErrorCode } from './errors';

const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

/**
 * The one error body, `{error: {code, message, details?}}`, with a known code: what the server
 * sends, checked in its tests and dev mode. Kept apart from `BillingError` so that the browser's
 * bundle never pulls in zod.
 */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    details: z.optional(z.record(z.string(), z.unknown())),
  }),
});
