import type { NotificationType } from '../../notifier';

/** Notifier hooks delivered to your app as signed HTTP callbacks. */
export interface CallbackConfig {
  /** Where to POST them, e.g. `https://app.example.com/billing/callbacks`. */
  url: string;
  /** Signs every callback (`Tollgate-Signature`); at least 32 characters. */
  secret: string;
  /** Which hooks to deliver. Default: every one. */
  hooks?: readonly NotificationType[];
  /** Attempts before giving up on one callback. Default 12 (about a day with the default backoff). */
  maxAttempts?: number;
  /** First retry delay; each retry doubles it up to `maxDelayMs`. Default 2 000 ms. */
  baseDelayMs?: number;
  /** Longest delay between attempts. Default 3 600 000 ms (1 h). */
  maxDelayMs?: number;
  /** How long one attempt may take. Default 10 000 ms. */
  timeoutMs?: number;
  /** How often the outbox is checked for due retries. Default 1 000 ms. */
  pollMs?: number;
}
