import { invalidRequest, resourceMissing } from '../errors.js';
import type { Reader } from './params.js';

/** A Stripe list object. */
interface ListObject<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

/**
 * Pages `items` (oldest first, as stored) newest first, honouring `limit` (1–100, default 10),
 * `starting_after` and `ending_before`.
 */
export function paginate<T extends { id?: string }>(
  items: T[],
  r: Reader,
  url: string,
): ListObject<T> {
  const limit = r.int('limit') ?? 10;
  if (limit < 1 || limit > 100) {
    throw invalidRequest(
      'This value must be greater than or equal to 1 and less than or equal to 100.',
      'limit',
    );
  }
  const newest = items.slice().reverse();
  const after = r.str('starting_after');
  const before = r.str('ending_before');
  if (after && before)
    throw invalidRequest(
      'You may only specify one of these parameters: starting_after, ending_before.',
      'starting_after',
    );
  if (after) {
    const index = newest.findIndex((i) => i.id === after);
    if (index === -1) throw resourceMissing('object', after, 'starting_after');
    const page = newest.slice(index + 1, index + 1 + limit);
    return { object: 'list', data: page, has_more: index + 1 + limit < newest.length, url };
  }
  if (before) {
    const index = newest.findIndex((i) => i.id === before);
    if (index === -1) throw resourceMissing('object', before, 'ending_before');
    const start = Math.max(0, index - limit);
    return { object: 'list', data: newest.slice(start, index), has_more: start > 0, url };
  }
  return { object: 'list', data: newest.slice(0, limit), has_more: newest.length > limit, url };
}

/** Filters by a `created` param (`created=123` or `created[gte]=…`). */
export function createdFilter<T extends { created?: number }>(items: T[], r: Reader): T[] {
  if (!r.has('created')) return items;
  const exact = typeof r.raw.created === 'string' ? r.int('created') : undefined;
  if (exact !== undefined) return items.filter((i) => i.created === exact);
  const range = r.obj('created');
  const gt = range?.int('gt');
  const gte = range?.int('gte');
  const lt = range?.int('lt');
  const lte = range?.int('lte');
  return items.filter((i) => {
    const c = i.created ?? 0;
    return (
      (gt === undefined || c > gt) &&
      (gte === undefined || c >= gte) &&
      (lt === undefined || c < lt) &&
      (lte === undefined || c <= lte)
    );
  });
}
