import type Stripe from 'stripe';
import type { Engine } from '../engine/context.js';
import { updateSubscriptionFromApi } from '../engine/subscription-update.js';
import { getSubscription } from '../engine/subscriptions.js';
import { resourceMissing } from '../errors.js';
import { paginate } from '../http/list.js';
import type { Reader } from '../http/params.js';
import type { Route } from '../http/router.js';
import { int, metadata, oneOf, PAGINATION, type ParamTable, str } from '../http/schema.js';
import { valuesOf } from '../state.js';
import {
  PAYMENT_BEHAVIORS,
  PRORATIONS,
  paymentBehavior,
  prorationBehavior,
} from './subscriptions.js';

/** How a change through an item endpoint is billed (as on `subscriptions.update`). */
const BILLING: ParamTable = {
  proration_behavior: oneOf(PRORATIONS),
  proration_date: int(),
  payment_behavior: oneOf(PAYMENT_BEHAVIORS),
};

function itemById(
  engine: Engine,
  id: string,
): { sub: Stripe.Subscription; item: Stripe.SubscriptionItem } {
  for (const sub of valuesOf(engine.state.subscriptions)) {
    const item = sub.items.data.find((i) => i.id === id);
    if (item) return { sub, item };
  }
  throw resourceMissing('subscription_item', id);
}

const billing = (p: Reader) => ({
  proration_behavior: prorationBehavior(p),
  proration_date: p.int('proration_date'),
  payment_behavior: paymentBehavior(p),
});

/** /v1/subscription_items — item changes go through the same update as `subscriptions.update`. */
export const subscriptionItemRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/subscription_items',
    parameters: { ...PAGINATION, subscription: str({ required: true }) },
    handler: ({ engine, params }) => {
      const sub = getSubscription(engine, params.str('subscription')!, 'subscription');
      return paginate(
        sub.items.data.slice().reverse(),
        params,
        `/v1/subscription_items?subscription=${sub.id}`,
      );
    },
  },
  {
    method: 'GET',
    path: '/v1/subscription_items/:id',
    parameters: {},
    handler: ({ engine, ids }) => itemById(engine, ids[0]!).item,
  },
  {
    method: 'POST',
    path: '/v1/subscription_items',
    parameters: {
      subscription: str({ required: true }),
      price: str({ required: true }),
      quantity: int({ min: 0 }),
      metadata,
      ...BILLING,
    },
    handler: ({ engine, params }) => {
      const subId = params.str('subscription')!;
      const before = new Set(
        getSubscription(engine, subId, 'subscription').items.data.map((i) => i.id),
      );
      const sub = updateSubscriptionFromApi(engine, subId, {
        items: [
          {
            price: params.str('price'),
            quantity: params.int('quantity'),
            metadata: params.meta() || undefined,
          },
        ],
        ...billing(params),
      });
      return sub.items.data.find((i) => !before.has(i.id)) ?? sub.items.data.at(-1);
    },
  },
  {
    method: 'POST',
    path: '/v1/subscription_items/:id',
    parameters: { price: str(), quantity: int({ min: 0 }), metadata, ...BILLING },
    handler: ({ engine, ids, params }) => {
      const { sub } = itemById(engine, ids[0]!);
      const updated = updateSubscriptionFromApi(engine, sub.id, {
        items: [
          {
            id: ids[0]!,
            price: params.str('price'),
            quantity: params.int('quantity'),
            metadata: params.meta() || undefined,
          },
        ],
        ...billing(params),
      });
      return itemById(engine, ids[0]!).item ?? updated;
    },
  },
  {
    method: 'DELETE',
    path: '/v1/subscription_items/:id',
    parameters: { proration_behavior: oneOf(PRORATIONS), proration_date: int() },
    handler: ({ engine, ids, params }) => {
      const { sub } = itemById(engine, ids[0]!);
      updateSubscriptionFromApi(engine, sub.id, {
        items: [{ id: ids[0]!, deleted: true }],
        proration_behavior: prorationBehavior(params),
        proration_date: params.int('proration_date'),
      });
      return { id: ids[0], object: 'subscription_item', deleted: true };
    },
  },
];
