import { intl } from './intl';

/** Options for {@link formatDate}. */
export interface DateFormatOptions {
  /** Intl date style. Default `medium` ("Dec 15, 2026"). */
  dateStyle?: 'full' | 'long' | 'medium' | 'short';
  /** IANA time zone. Default: the runtime's. Pass one for output that matches on server and client. */
  timeZone?: string;
}

/**
 * Format an ISO-8601 instant (as found in `BillingStatus`) or a Date as a calendar date.
 *
 * @example
 * formatDate(status.currentPeriodEnd!, 'en-US', { timeZone: 'UTC' }); // "Dec 15, 2026"
 * formatDate('2026-12-15T00:00:00Z', 'de-DE', { timeZone: 'UTC' });  // "15.12.2026"
 */
export function formatDate(
  value: string | Date,
  locale?: string | readonly string[],
  options: DateFormatOptions = {},
): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new RangeError(
      `formatDate: expected an ISO-8601 instant such as "2026-12-15T00:00:00.000Z", got ${JSON.stringify(value)}`,
    );
  }
  return intl(Intl.DateTimeFormat, locale, {
    dateStyle: options.dateStyle ?? 'medium',
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  }).format(date);
}
