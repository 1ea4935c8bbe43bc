import type Stripe from 'stripe';
import { resourceMissing } from '../errors.js';

/** Seconds in a day. */
export const DAY = 86_400;

/** Metadata after applying an update where `''` unsets a key (Stripe semantics). */
export function mergeMetadata(
  current: Stripe.Metadata,
  patch: Record<string, string> | '' | undefined | null,
): Stripe.Metadata {
  if (patch === undefined) return current;
  if (patch === '' || patch === null) return {};
  const next = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === '') delete next[key];
    else next[key] = String(value);
  }
  return next;
}

/** The object with `id` in `collection`, or a 404 naming `noun`. */
export function must<T>(collection: Record<string, T>, id: string, noun: string, param = 'id'): T {
  const found = collection[id];
  if (!found) throw resourceMissing(noun, id, param);
  return found;
}

/** Id of an expandable field (a string or an expanded object). */
export function idOf(value: string | { id: string } | null | undefined): string | null {
  if (value == null) return null;
  return typeof value === 'string' ? value : value.id;
}

/** Stripe's Decimal fields travel as strings on the wire. */
export function decimal(value: number | string): Stripe.Decimal {
  return String(value) as unknown as Stripe.Decimal;
}

/** Adds `count` intervals to a unix time, clamping the day of month like Stripe. */
export function addInterval(
  from: number,
  interval: Stripe.Price.Recurring.Interval,
  count = 1,
  anchor = from,
): number {
  if (interval === 'day') return from + count * DAY;
  if (interval === 'week') return from + count * 7 * DAY;
  const d = new Date(from * 1000);
  const anchorDay = new Date(anchor * 1000).getUTCDate();
  const months = interval === 'year' ? 12 * count : count;
  const target = new Date(
    Date.UTC(
      d.getUTCFullYear(),
      d.getUTCMonth() + months,
      1,
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
    ),
  );
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(anchorDay, lastDay));
  return Math.floor(target.getTime() / 1000);
}
