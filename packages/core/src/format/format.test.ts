import { describe, expect, it } from 'vitest';
import { formatDate } from './date';
import { intervalLabel, priceLabel } from './interval';
import { yearlySavings } from './savings';

const NBSP = '\u00a0';
const RLM = '\u200f';

describe('formatDate', () => {
  it.each<[string, 'medium' | 'long', string]>([
    ['en-US', 'medium', 'Dec 15, 2026'],
    ['en-US', 'long', 'December 15, 2026'],
    ['de-DE', 'medium', '15.12.2026'],
    ['de-DE', 'long', '15. Dezember 2026'],
    ['ja-JP', 'medium', '2026/12/15'],
    ['ja-JP', 'long', '2026年12月15日'],
    ['ar', 'medium', `15${RLM}/12${RLM}/2026`],
    ['ar', 'long', '15 ديسمبر 2026'],
  ])('%s %s', (locale, dateStyle, expected) => {
    expect(formatDate('2026-12-15T00:00:00.000Z', locale, { timeZone: 'UTC', dateStyle })).toBe(
      expected,
    );
  });

  it('formats in the time zone it is given', () => {
    const late = '2026-12-15T23:30:00.000Z';
    expect(formatDate(late, 'en-US', { timeZone: 'UTC' })).toBe('Dec 15, 2026');
    expect(formatDate(late, 'en-US', { timeZone: 'Asia/Tokyo' })).toBe('Dec 16, 2026');
    expect(formatDate(new Date(late), 'en-US', { timeZone: 'America/New_York' })).toBe(
      'Dec 15, 2026',
    );
  });

  it('refuses what is not an instant', () => {
    expect(() => formatDate('next tuesday', 'en-US')).toThrow(
      'formatDate: expected an ISO-8601 instant such as "2026-12-15T00:00:00.000Z", got "next tuesday"',
    );
  });
});

describe('interval labels', () => {
  it.each<[string, string, string]>([
    ['en-US', 'month', 'year'],
    ['de-DE', 'Monat', 'Jahr'],
    ['ja-JP', '月', '年'],
    ['ar', 'الشهر', 'السنة'],
  ])('%s', (locale, month, year) => {
    expect(intervalLabel('month', locale)).toBe(month);
    expect(intervalLabel('year', locale)).toBe(year);
  });

  it.each<[number, string, 'month' | 'year', string, string]>([
    [2900, 'usd', 'month', 'en-US', '$29.00 / month'],
    [27000, 'eur', 'year', 'de-DE', `270,00${NBSP}€ / Jahr`],
    [4500, 'jpy', 'month', 'ja-JP', '￥4,500 / 月'],
    [2750, 'kwd', 'month', 'ar', `${RLM}2.750${NBSP}د.ك.${RLM} / الشهر`],
  ])('priceLabel(%d, %s, %s, %s)', (amount, currency, interval, locale, expected) => {
    expect(priceLabel(amount, currency, interval, locale)).toBe(expected);
  });
});

describe('yearlySavings', () => {
  it.each<[number, number, ReturnType<typeof yearlySavings>]>([
    [2900, 29000, { amount: 5800, percent: 16 }], // 16.67 % is shown as 16 %: never overstated
    [1000, 9600, { amount: 2400, percent: 20 }],
    [4500, 45000, { amount: 9000, percent: 16 }], // JPY
    [2750, 27500, { amount: 5500, percent: 16 }], // KWD
    [1000, 12000, null], // no saving
    [1000, 13000, null], // yearly costs more
    [0, 0, null],
    [19.5, 100, null],
  ])('monthly %d vs yearly %d', (monthly, yearly, expected) => {
    expect(yearlySavings(monthly, yearly)).toEqual(expected);
  });
});
