/** What paying yearly saves over twelve monthly payments. */
export interface YearlySavings {
  /** Saved per year, in minor units of the prices' currency. */
  amount: number;
  /** Saved, in whole percent of twelve monthly payments, rounded down (never overstated). */
  percent: number;
}

/**
 * Compare a monthly and a yearly price (same currency, minor units). Null when yearly saves
 * nothing, or the prices are not positive whole amounts.
 *
 * @example
 * yearlySavings(2900, 29000); // { amount: 5800, percent: 16 }
 */
export function yearlySavings(monthly: number, yearly: number): YearlySavings | null {
  if (!Number.isSafeInteger(monthly) || !Number.isSafeInteger(yearly)) return null;
  if (monthly <= 0 || yearly < 0) return null;
  const twelve = monthly * 12;
  const amount = twelve - yearly;
  if (amount <= 0) return null;
  return { amount, percent: Math.floor((amount * 100) / twelve) };
}
