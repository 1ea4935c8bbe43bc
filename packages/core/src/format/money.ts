import { intl } from './intl';
import { minorUnitExponent, toDecimalString } from './minor-units';

/** Options for {@link formatMoney}. */
export interface MoneyFormatOptions {
  /** How to show the currency: `symbol` (default, `$`), `narrowSymbol`, `code` (`USD`) or `name`. */
  currencyDisplay?: 'symbol' | 'narrowSymbol' | 'code' | 'name';
  /** Whole amounts without their zero decimals (`$29`, not `$29.00`); others keep them (`$12.50`). */
  trimWhole?: boolean;
}

function formatter(
  locale: string | readonly string[] | undefined,
  code: string,
  digits: number | null,
  display: MoneyFormatOptions['currencyDisplay'],
): Intl.NumberFormat {
  return intl(Intl.NumberFormat, locale, {
    style: 'currency',
    currency: code,
    currencyDisplay: display ?? 'symbol',
    ...(digits === null ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits }),
  });
}

/**
 * Format an amount in Stripe's minor units for people. The amount is read with Stripe's
 * exponent (0 for JPY/KRW/VND/CLP/UGX…, 3 for BHD/JOD/KWD/OMR/TND, else 2 — also for ISK and HUF,
 * which Stripe keeps two-decimal) and shown with the currency's usual digits from Intl; digits
 * Intl would drop are shown when the amount has them (HUF 123450 → "HUF 1,234.50"), so money is
 * never rounded away.
 *
 * @example
 * formatMoney(1999, 'usd', 'en-US');   // "$19.99"
 * formatMoney(1500, 'jpy', 'ja-JP');   // "￥1,500"
 * formatMoney(2750, 'kwd', 'en-US');   // "KWD 2.750"
 * formatMoney(123450, 'eur', 'de-DE'); // "1.234,50 €"
 * formatMoney(2900, 'usd', 'en-US', { trimWhole: true }); // "$29"
 */
export function formatMoney(
  minorUnits: number,
  currency: string,
  locale?: string | readonly string[],
  options: MoneyFormatOptions = {},
): string {
  if (!Number.isSafeInteger(minorUnits)) {
    throw new RangeError(
      `formatMoney: amount must be a whole number of minor units (cents, yen, fils), got ${minorUnits}`,
    );
  }
  if (!/^[A-Za-z]{3}$/.test(currency)) {
    throw new RangeError(
      `formatMoney: currency must be a 3-letter ISO 4217 code such as "usd", got ${JSON.stringify(currency)}`,
    );
  }
  const code = currency.toUpperCase();
  const exponent = minorUnitExponent(code);
  const usual = formatter(locale, code, null, options.currencyDisplay).resolvedOptions()
    .maximumFractionDigits as number;
  const shown = Math.min(usual, exponent);
  const digits =
    options.trimWhole && minorUnits % 10 ** exponent === 0
      ? 0
      : minorUnits % 10 ** (exponent - shown) === 0
        ? shown
        : exponent;
  const value = toDecimalString(minorUnits, exponent);
  // A decimal string keeps the exact amount (Intl.NumberFormat v3); no float division.
  return formatter(locale, code, digits, options.currencyDisplay).format(value);
}
