/** Parse an ISO-8601 string into a Date; null for null or anything unparseable. */
export function parseInstant(value: string | null | undefined): Date | null {
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Normalise an ISO-8601 string to `toISOString()` form; null when absent or unparseable. */
export function isoOrNull(value: string | null | undefined): string | null {
  return parseInstant(value)?.toISOString() ?? null;
}

export const DAY_MS = 86_400_000;
