import { clone } from '../engine/emit.js';
import { invalidRequest } from '../errors.js';
import { findById, type State } from '../state.js';

/** Fields that are expandable but not plain ids, resolved from the emulator's book-keeping. */
const SPECIAL: Record<string, (state: State, owner: Record<string, unknown>) => unknown> = {
  line_items: (state, owner) => {
    if (owner.object !== 'checkout.session') return undefined;
    const data = state.internal.checkoutLineItems[owner.id as string] ?? [];
    return {
      object: 'list',
      data: clone(data),
      has_more: false,
      url: `/v1/checkout/sessions/${owner.id}/line_items`,
    };
  },
  tiers: (state, owner) => {
    if (owner.object !== 'price' && owner.object !== 'plan') return undefined;
    // A per-unit price has no tiers; expanding them (e.g. `data.tiers` on a list) is no error.
    if (owner.billing_scheme !== 'tiered') return null;
    return clone(state.internal.priceTiers[owner.id as string] ?? []);
  },
};

function resolveId(state: State, id: string, full: string): unknown {
  const found = findById(state, id);
  if (found === undefined)
    throw invalidRequest(`This property cannot be expanded (${full}).`, 'expand');
  const value = clone(found);
  if ((value as { object?: string }).object === 'webhook_endpoint')
    delete (value as { secret?: string }).secret;
  return value;
}

function expandOne(state: State, target: unknown, segments: string[], full: string): void {
  if (target === null || target === undefined || segments.length === 0) return;
  if (Array.isArray(target)) {
    for (const item of target) expandOne(state, item, segments, full);
    return;
  }
  if (typeof target !== 'object') return;
  const owner = target as Record<string, unknown>;
  const [field, ...rest] = segments as [string, ...string[]];
  let value = owner[field];
  if (typeof value === 'string') {
    value = resolveId(state, value, full);
    owner[field] = value;
  } else if (Array.isArray(value) && value.some((v) => typeof v === 'string')) {
    // A list of ids (a subscription's `discounts`): each is expanded.
    value = value.map((v) => (typeof v === 'string' ? resolveId(state, v, full) : v));
    owner[field] = value;
  } else if (
    value === undefined ||
    (field === 'line_items' && owner.object === 'checkout.session')
  ) {
    const special = SPECIAL[field]?.(state, owner);
    if (special === undefined)
      throw invalidRequest(`This property cannot be expanded (${full}).`, 'expand');
    value = special;
    owner[field] = value;
  }
  if (rest.length > 0) expandOne(state, value, rest, full);
}

/**
 * Applies `expand` paths to a response body in place. On lists, paths start with `data.`.
 * At most four levels, like Stripe.
 */
export function applyExpand(state: State, body: unknown, paths: string[]): void {
  for (const path of paths) {
    const segments = path.split('.');
    if (segments.length > 4) {
      throw invalidRequest(
        `You cannot expand more than 4 levels of a property. Property: ${path}`,
        'expand',
      );
    }
    expandOne(state, body, segments, path);
  }
}
