import type { BillingConfig } from '../config';
import type { CallbackConfig } from './callbacks/config';
import type { IdentityConfig } from './identity/identity';
import type { LogLevel } from './json-logger';

/**
 * Configuration of the standalone service (`tollgate serve`, `createServer`): the billing
 * config without `getUser` — the app proves who the user is through `auth` instead.
 */
export interface ServiceConfig extends Omit<BillingConfig, 'getUser' | 'logger'> {
  /** How apps in any language say who the user is: a signed header, a JWT, or both. */
  auth: IdentityConfig;
  /** Notifier hooks delivered to your app as signed HTTP callbacks (beside any `notify` hooks). */
  callbacks?: CallbackConfig;
  /** Lowest level logged as JSON lines on stdout. Default `info` (one line per request). */
  logLevel?: LogLevel;
  /** A logger instead of JSON lines on stdout (lines are redacted either way). */
  logger?: BillingConfig['logger'];
  /** How long shutdown waits for requests in flight, in milliseconds. Default 10 000. */
  shutdownTimeoutMs?: number;
}
