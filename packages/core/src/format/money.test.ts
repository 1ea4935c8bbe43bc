import { describe, expect, it } from 'vitest';
import { minorUnitExponent } from './minor-units';
import { formatMoney } from './money';

// Intl separates amount and currency with a no-break space (U+00A0); Arabic adds a right-to-left
// mark (U+200F), and a left-to-right mark (U+200E) before a minus sign.
const NBSP = '\u00a0';
const RLM = '\u200f';
const LRM = '\u200e';

describe('formatMoney: Stripe minor units, locale formatting', () => {
  it.each<[number, string, string, string]>([
    // two-decimal
    [1999, 'usd', 'en-US', '$19.99'],
    [1999, 'usd', 'de-DE', `19,99${NBSP}$`],
    [1999, 'usd', 'ja-JP', '$19.99'],
    [1999, 'usd', 'ar', `${RLM}19.99${NBSP}US$`],
    [123450, 'eur', 'en-US', '€1,234.50'],
    [123450, 'eur', 'de-DE', `1.234,50${NBSP}€`],
    [123450, 'eur', 'ja-JP', '€1,234.50'],
    [123450, 'eur', 'ar', `${RLM}1,234.50${NBSP}€`],
    [-1999, 'usd', 'en-US', '-$19.99'],
    [-1999, 'usd', 'de-DE', `-19,99${NBSP}$`],
    [-1999, 'usd', 'ar', `${RLM}${LRM}-19.99${NBSP}US$`],
    [3, 'usd', 'en-US', '$0.03'],
    [0, 'eur', 'de-DE', `0,00${NBSP}€`],
    // zero-decimal: the amount is whole units
    [1500, 'jpy', 'en-US', '¥1,500'],
    [1500, 'jpy', 'de-DE', `1.500${NBSP}¥`],
    [1500, 'jpy', 'ja-JP', '￥1,500'],
    [1500, 'jpy', 'ar', `${RLM}1,500${NBSP}JP¥`],
    [50000, 'krw', 'en-US', '₩50,000'],
    [50000, 'krw', 'de-DE', `50.000${NBSP}₩`],
    [50000, 'krw', 'ja-JP', '₩50,000'],
    [50000, 'krw', 'ar', `${RLM}50,000${NBSP}₩`],
    [99000, 'vnd', 'en-US', '₫99,000'],
    [9900, 'clp', 'en-US', `CLP${NBSP}9,900`],
    [5000, 'ugx', 'en-US', `UGX${NBSP}5,000`],
    // three-decimal
    [2750, 'kwd', 'en-US', `KWD${NBSP}2.750`],
    [2750, 'kwd', 'de-DE', `2,750${NBSP}KWD`],
    [2750, 'kwd', 'ja-JP', `KWD${NBSP}2.750`],
    [2750, 'kwd', 'ar', `${RLM}2.750${NBSP}د.ك.${RLM}`],
    [1234, 'bhd', 'en-US', `BHD${NBSP}1.234`],
    [5120, 'omr', 'en-US', `OMR${NBSP}5.120`],
    [10, 'jod', 'en-US', `JOD${NBSP}0.010`],
    [99990, 'tnd', 'de-DE', `99,990${NBSP}TND`],
    // Stripe's special cases: two-decimal in the API although Intl shows no decimals
    [10000, 'isk', 'en-US', `ISK${NBSP}100`],
    [10050, 'isk', 'en-US', `ISK${NBSP}100.50`],
    [123400, 'huf', 'en-US', `HUF${NBSP}1,234`],
    [123450, 'huf', 'de-DE', `1.234,50${NBSP}HUF`],
    [1000, 'twd', 'en-US', 'NT$10.00'],
    [1500000, 'idr', 'en-US', `IDR${NBSP}15,000`],
  ])('%d %s in %s → %s', (amount, currency, locale, expected) => {
    expect(formatMoney(amount, currency, locale)).toBe(expected);
  });

  it('accepts upper-case codes and other currency displays', () => {
    expect(formatMoney(1999, 'USD', 'en-US', { currencyDisplay: 'code' })).toBe(`USD${NBSP}19.99`);
    expect(formatMoney(1500, 'JPY', 'en-US', { currencyDisplay: 'name' })).toBe(
      '1,500 Japanese yen',
    );
  });

  it('keeps large amounts exact (no float division)', () => {
    expect(formatMoney(9007199254740991, 'usd', 'en-US')).toBe('$90,071,992,547,409.91');
  });

  it.each<[number, string, RegExp]>([
    [19.99, 'usd', /amount must be a whole number of minor units \(cents, yen, fils\), got 19.99/],
    [Number.NaN, 'usd', /got NaN/],
    [100, 'dollars', /currency must be a 3-letter ISO 4217 code such as "usd", got "dollars"/],
  ])('refuses %s %s with a message that says what to pass', (amount, currency, message) => {
    expect(() => formatMoney(amount, currency, 'en-US')).toThrow(message);
  });
});

describe('minorUnitExponent', () => {
  it.each<[string, number]>([
    ['usd', 2],
    ['EUR', 2],
    ['jpy', 0],
    ['krw', 0],
    ['vnd', 0],
    ['clp', 0],
    ['ugx', 0],
    ['xof', 0],
    ['bhd', 3],
    ['kwd', 3],
    ['omr', 3],
    ['jod', 3],
    ['tnd', 3],
    ['isk', 2],
    ['huf', 2],
    ['twd', 2],
  ])('%s → %d', (currency, exponent) => {
    expect(minorUnitExponent(currency)).toBe(exponent);
  });

  it('drops zero decimals of whole amounts with trimWhole, and keeps real ones', () => {
    expect(formatMoney(2900, 'usd', 'en-US', { trimWhole: true })).toBe('$29');
    expect(formatMoney(2950, 'usd', 'en-US', { trimWhole: true })).toBe('$29.50');
    expect(formatMoney(1500, 'jpy', 'en-US', { trimWhole: true })).toBe('¥1,500');
    expect(formatMoney(2000, 'kwd', 'en-US', { trimWhole: true })).toBe('KWD\u00a02');
  });
});
