/**
 * Currencies Stripe takes in whole units (`amount: 500` is ¥500), per Stripe's "zero-decimal
 * currencies" list. Intl and ISO 4217 disagree for some currencies, and Stripe wins for amounts:
 * ISK, HUF, TWD (and IDR, COP, PKR…) stay two-decimal in Stripe's API — `100` is 1 króna/forint
 * — even where Intl shows no decimals; UGX is zero-decimal in Stripe.
 */
const ZERO_DECIMAL = new Set([
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'JPY',
  'KMF',
  'KRW',
  'MGA',
  'PYG',
  'RWF',
  'UGX',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
]);

/** Currencies Stripe takes in thousandths (`amount: 5120` is 5.120 KWD; the last digit must be 0). */
const THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

/**
 * How many decimal places Stripe's minor unit has for a currency: 0, 2 or 3.
 *
 * @example
 * minorUnitExponent('jpy'); // 0
 * minorUnitExponent('kwd'); // 3
 * minorUnitExponent('isk'); // 2 — Stripe keeps ISK two-decimal
 */
export function minorUnitExponent(currency: string): 0 | 2 | 3 {
  const code = currency.toUpperCase();
  if (ZERO_DECIMAL.has(code)) return 0;
  if (THREE_DECIMAL.has(code)) return 3;
  return 2;
}

/** An integer amount of minor units as an exact decimal string (`-1999`, 2 → `"-19.99"`). */
export function toDecimalString(minorUnits: number, exponent: number): `${number}` {
  const sign = minorUnits < 0 ? '-' : '';
  const digits = Math.abs(minorUnits)
    .toString()
    .padStart(exponent + 1, '0');
  if (exponent === 0) return `${sign}${digits}` as `${number}`;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}` as `${number}`;
}
