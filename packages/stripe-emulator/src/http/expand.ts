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

/**
 * The object `id` names, as it is in state (not a copy: the response is serialised before
 * anything can change it); a webhook endpoint without its secret.
 */
function resolveId(state: State, id: string, full: string): unknown {
  const found = findById(state, id);
  if (found === undefined)
    throw invalidRequest(`This property cannot be expanded (${full}).`, 'expand');
  if ((found as { object?: string }).object !== 'webhook_endpoint') return found;
  const { secret: _secret, ...endpoint } = found as { secret?: string };
  return endpoint;
}

/**
 * `target` with the path `segments` expanded. Nothing is changed in place: each object on the
 * path whose field is expanded is copied (shallowly), so a response may hold objects of state.
 */
function expandOne(state: State, target: unknown, segments: string[], full: string): unknown {
  if (target === null || target === undefined || segments.length === 0) return target;
  if (Array.isArray(target)) {
    const items = target.map((item) => expandOne(state, item, segments, full));
    return items.some((item, i) => item !== target[i]) ? items : target;
  }
  if (typeof target !== 'object') return target;
  const owner = target as Record<string, unknown>;
  const [field, ...rest] = segments as [string, ...string[]];
  let value = owner[field];
  if (typeof value === 'string') {
    value = resolveId(state, value, full);
  } else if (Array.isArray(value) && value.some((v) => typeof v === 'string')) {
    // A list of ids (a subscription's `discounts`): each is expanded.
    value = value.map((v) => (typeof v === 'string' ? resolveId(state, v, full) : v));
  } else if (
    value === undefined ||
    (field === 'line_items' && owner.object === 'checkout.session')
  ) {
    value = SPECIAL[field]?.(state, owner);
    if (value === undefined)
      throw invalidRequest(`This property cannot be expanded (${full}).`, 'expand');
  }
  if (rest.length > 0) value = expandOne(state, value, rest, full);
  return value === owner[field] ? owner : { ...owner, [field]: value };
}

/**
 * `body` with the `expand` paths applied (on lists, paths start with `data.`), at most four
 * levels, like Stripe. `body` and the objects it holds are left as they are.
 */
export function withExpansions(state: State, body: unknown, paths: string[]): unknown {
  let expanded = body;
  for (const path of paths) {
    const segments = path.split('.');
    if (segments.length > 4) {
      throw invalidRequest(
        `You cannot expand more than 4 levels of a property. Property: ${path}`,
        'expand',
      );
    }
    expanded = expandOne(state, expanded, segments, path);
  }
  return expanded;
}
