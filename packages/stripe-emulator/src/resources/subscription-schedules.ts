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
import { SCHEDULE_CREATE, SCHEDULE_UPDATE } from './accepted-params.js';

function phases(p: Reader): PhaseInput[] | undefined {
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
    accepts: SCHEDULE_CREATE,
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
    handler: ({ engine, ids }) => getSchedule(engine, ids[0]!),
  },
  {
    method: 'POST',
    path: '/v1/subscription_schedules/:id',
    accepts: SCHEDULE_UPDATE,
    handler: ({ engine, ids, params }) =>
      updateSchedule(engine, ids[0]!, {
        phases: phases(params),
        end_behavior: endBehavior(params),
        metadata: params.meta() || undefined,
      }),
  },
  {
    method: 'POST',
    path: '/v1/subscription_schedules/:id/release',
    handler: ({ engine, ids }) => releaseSchedule(engine, ids[0]!),
  },
  {
    method: 'POST',
    path: '/v1/subscription_schedules/:id/cancel',
    handler: ({ engine, ids }) => cancelSchedule(engine, ids[0]!),
  },
  {
    method: 'GET',
    path: '/v1/subscription_schedules',
    handler: ({ engine, params }) => {
      const customer = params.str('customer');
      const items = Object.values(engine.state.subscriptionSchedules).filter(
        (s) => !customer || s.customer === customer,
      );
      return paginate(items, params, '/v1/subscription_schedules');
    },
  },
];
