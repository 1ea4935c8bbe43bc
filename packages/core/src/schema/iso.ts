import { string } from './primitives';
import type { Schema } from './schema';

const DATE_TIME =
  /^(\d{4})-(\d\d)-(\d\d)T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/**
 * An RFC 3339 date-time with seconds and `Z` (or, with `offset: true`, `±hh:mm`), on a day that
 * exists, as zod's `iso.datetime`. The value stays a string.
 *
 * @example
 * const instant = z.iso.datetime({ offset: true });
 */
function datetime(options: { offset?: boolean } = {}): Schema<string> {
  return string().check((value) => {
    const [, year, month, day, zone] = DATE_TIME.exec(value) ?? [];
    // A day that does not exist rolls over into another; the calendar repeats every 400 years.
    return zone &&
      (options.offset || zone === 'Z') &&
      new Date(Date.UTC(2000 + (Number(year) % 400), Number(month) - 1, Number(day)))
        .toISOString()
        .slice(5, 10) === value.slice(5, 10)
      ? undefined
      : ['invalid_format', 'must be an ISO 8601 date-time such as "2026-11-27T12:00:00Z"'];
  });
}

/** ISO 8601 formats. */
export const iso = { datetime };
