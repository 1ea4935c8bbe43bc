import { formatDate as coreDate, formatMoney as coreMoney } from '@tollgate/core';

/**
 * Money in Stripe minor units, through core (Stripe's exponents, locale from the provider);
 * whole amounts without zero decimals (`$29`), exact ones in full (`$12.37`).
 */
export function formatMoney(minor: number, currency: string, locale?: string): string {
  return coreMoney(minor, currency, locale, { trimWhole: true });
}

/**
 * A calendar date, in UTC by default so server render and hydration print the same text
 * (period ends are instants Stripe picks; a day's difference across zones is expected).
 */
export function formatDate(iso: string, locale?: string, timeZone = 'UTC'): string {
  return coreDate(iso, locale, { timeZone });
}
