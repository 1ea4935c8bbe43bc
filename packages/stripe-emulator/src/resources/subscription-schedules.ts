import type Stripe from 'stripe';
import {
  cancelSchedule,
  createSchedule,
  getSchedule,
  type PhaseInput,
  releaseSchedule,
  updateSchedule,
} from '../engine/schedules.js';
import { missingParam } from '../errors.js';
import { paginate } from '../http/list.js';
import { objects, type Reader, timeOrNow } from '../http/params.js';
import type { Route } from '../http/router.js';
import {
  array,
  hash,
  int,
  metadata,
  oneOf,
  PAGINATION,
  type ParamTable,
  str,
  time,
} from '../http/schema.js';
import { valuesOf } from '../state.js';
import { DISCOUNTS, discountSpecs } from './discount-params.js';
import { INTERVALS } from './prices.js';
import { prorationBehavior } from './subscriptions.js';

/** A phase of `subscriptionSchedules.create/update` (and of a preview's `schedule_details`). */
export const PHASE = hash({
  items: array(hash({ price: str({ required: true }), quantity: int({ min: 0 }) }), {
    required: true,
  }),
  start_date: time(['now']),
  end_date: time(['now']),
  iterations: int({ min: 1 }),
  duration: hash({
    interval: oneOf(INTERVALS, { required: true }),
    interval_count: int({ min: 1 }),
  }),
  proration_behavior: oneOf(['always_invoice', 'create_prorations', 'none']),
  metadata,
  discounts: DISCOUNTS,
});
const END_BEHAVIOR = oneOf(['cancel', 'none', 'release', 'renew']);

const SCHEDULE_CREATE: ParamTable = {
  from_subscription: str(),
  customer: str(),
  start_date: time(['now']),
  phases: array(PHASE),
  end_behavior: END_BEHAVIOR,
  metadata,
};

const SCHEDULE_UPDATE: ParamTable = {
  phases: array(PHASE),
  end_behavior: END_BEHAVIOR,
  metadata,
  proration_behavior: oneOf(['always_invoice', 'create_prorations', 'none']),
};

/** Reads `phases[]`. */
export function phases(p: Reader): PhaseInput[] | undefined {
  return objects(p, 'phases')?.map((phase, i) => {
    const items = objects(phase, 'items')?.map((item, j) => {
      const price = item.str('price');
      if (!price) throw missingParam(`phases[${i}][items][${j}][price]`);
      return { price, quantity: item.int('quantity') };
    });
    if (!items?.length) throw missingParam(`phases[${i}][items]`);
    const duration = phase.obj('duration');
    const start = timeOrNow(phase, 'start_date');
    const end = timeOrNow(phase, 'end_date');
    return {
      items,
      ...(start !== undefined ? { start_date: start } : {}),
      ...(end !== undefined ? { end_date: end } : {}),
      iterations: phase.int('iterations'),
      ...(duration
        ? {
            duration: {
              interval: (duration.str('interval') ?? 'month') as Stripe.Price.Recurring.Interval,
              interval_count: duration.int('interval_count'),
            },
          }
        : {}),
      proration_behavior: phase.str('proration_behavior') as PhaseInput['proration_behavior'],
      metadata: phase.meta() || undefined,
      ...(phase.has('discounts') ? { discounts: discountSpecs(phase) || [] } : {}),
    };
  });
}

const endBehavior = (p: Reader) =>
  p.str('end_behavior') as Stripe.SubscriptionSchedule.EndBehavior | undefined;

/** /v1/subscription_schedules */
export const subscriptionScheduleRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v1/subscription_schedules',
    parameters: SCHEDULE_CREATE,
    handler: ({ engine, params }) =>
      createSchedule(engine, {
        from_subscription: params.str('from_subscription'),
        customer: params.str('customer'),
        start_date: timeOrNow(params, 'start_date'),
        phases: phases(params),
        end_behavior: endBehavior(params),
        metadata: params.meta() || undefined,
      }),
  },
  {
    method: 'GET',
    path: '/v1/subscription_schedules/:id',
    parameters: {},
    handler: ({ engine, ids }) => getSchedule(engine, ids[0]!),
  },
  {
    method: 'POST',
    path: '/v1/subscription_schedules/:id',
    parameters: SCHEDULE_UPDATE,
    handler: ({ engine, ids, params }) =>
      updateSchedule(engine, ids[0]!, {
        phases: phases(params),
        end_behavior: endBehavior(params),
        metadata: params.meta() || undefined,
        proration_behavior: prorationBehavior(params),
      }),
  },
  {
    method: 'POST',
    path: '/v1/subscription_schedules/:id/release',
    parameters: {},
    handler: ({ engine, ids }) => releaseSchedule(engine, ids[0]!),
  },
  {
    method: 'POST',
    path: '/v1/subscription_schedules/:id/cancel',
    parameters: {},
    handler: ({ engine, ids }) => cancelSchedule(engine, ids[0]!),
  },
  {
    method: 'GET',
    path: '/v1/subscription_schedules',
    parameters: { ...PAGINATION, customer: str() },
    handler: ({ engine, params }) => {
      const customer = params.str('customer');
      const items = valuesOf(engine.state.subscriptionSchedules).filter(
        (s) => !customer || s.customer === customer,
      );
      return paginate(items, params, '/v1/subscription_schedules');
    },
  },
];
