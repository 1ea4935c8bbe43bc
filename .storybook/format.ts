/**
 * Expected text for play functions. The decimals per currency are written out here (not taken
 * from Intl's currency data as the components do), so a story checks the rule rather than
 * repeating the implementation: JPY has none, KWD has three.
 */
const MINOR_DIGITS: Record<string, number> = { usd: 2, eur: 2, jpy: 0, kwd: 3 };

/** Whitespace as `toHaveTextContent` sees it (Intl puts no-break spaces between number and unit). */
const normalise = (text: string) => text.replace(/\s+/g, ' ');

/**
 * An amount in minor units as the customer should read it in `locale` (whitespace normalised):
 * whole amounts without zero decimals ($29), others in full ($12.37).
 */
export function money(minor: number, currency: string, locale = 'en-US'): string {
  const exponent = MINOR_DIGITS[currency];
  if (exponent === undefined) throw new Error(`No minor-unit rule for ${currency} in the stories.`);
  const digits = minor % 10 ** exponent === 0 ? 0 : exponent;
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: currency.toUpperCase(),
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return normalise(format.format(minor / 10 ** exponent));
}

/** A calendar date as the components show it (medium style, UTC; whitespace normalised). */
export function day(iso: string, locale = 'en-US'): string {
  const format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  return normalise(format.format(new Date(iso)));
}
