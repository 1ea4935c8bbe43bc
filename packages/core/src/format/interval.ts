import type { Interval } from '../contract/primitives';
import { intl } from './intl';
import { formatMoney, type MoneyFormatOptions } from './money';

const ENGLISH: Record<Interval, string> = { month: 'month', year: 'year' };

/**
 * The localised name of a billing interval, from Intl's date-field names.
 *
 * @example
 * intervalLabel('month', 'en-US'); // "month"
 * intervalLabel('year', 'de-DE');  // "Jahr"
 */
export function intervalLabel(interval: Interval, locale?: string | readonly string[]): string {
  try {
    const names = intl(Intl.DisplayNames, locale, { type: 'dateTimeField' });
    return names.of(interval) ?? ENGLISH[interval];
  } catch {
    // Runtimes without dateTimeField display names (older ICU) fall back to English.
    return ENGLISH[interval];
  }
}

/**
 * A price per interval, e.g. for a pricing table.
 *
 * @example
 * priceLabel(2900, 'usd', 'month', 'en-US'); // "$29.00 / month"
 * priceLabel(4500, 'jpy', 'year', 'ja-JP');  // "￥4,500 / 年"
 */
export function priceLabel(
  minorUnits: number,
  currency: string,
  interval: Interval,
  locale?: string | readonly string[],
  options?: MoneyFormatOptions,
): string {
  return `${formatMoney(minorUnits, currency, locale, options)} / ${intervalLabel(interval, locale)}`;
}
