import type Stripe from 'stripe';
import { emit } from '../engine/emit.js';
import { meterSummaries } from '../engine/meter-usage.js';
import { adjustMeterEvent, createMeter, recordMeterEvent } from '../engine/meters.js';
import { must } from '../engine/util.js';
import { missingParam } from '../errors.js';
import { paginate } from '../http/list.js';
import type { Route } from '../http/router.js';
import { hash, int, oneOf, PAGINATION, str } from '../http/schema.js';
import { valuesOf } from '../state.js';

/** /v1/billing/meters and /v1/billing/meter_events */
export const billingMeterRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v1/billing/meters',
    parameters: {
      display_name: str({ required: true }),
      event_name: str({ required: true }),
      default_aggregation: hash(
        { formula: oneOf(['count', 'last', 'sum'], { required: true }) },
        { required: true },
      ),
      customer_mapping: hash({
        event_payload_key: str({ required: true }),
        type: oneOf(['by_id'], { required: true }),
      }),
      value_settings: hash({ event_payload_key: str({ required: true }) }),
    },
    handler: ({ engine, params }) => {
      const mapping = params.obj('customer_mapping');
      const values = params.obj('value_settings');
      return createMeter(engine, {
        display_name: params.str('display_name') ?? '',
        event_name: params.str('event_name') ?? '',
        default_aggregation: {
          formula: (params.obj('default_aggregation')?.str('formula') ??
            '') as Stripe.Billing.Meter.DefaultAggregation.Formula,
        },
        ...(mapping
          ? {
              customer_mapping: {
                event_payload_key: mapping.str('event_payload_key') ?? 'stripe_customer_id',
                type: 'by_id' as const,
              },
            }
          : {}),
        ...(values
          ? { value_settings: { event_payload_key: values.str('event_payload_key') ?? 'value' } }
          : {}),
      });
    },
  },
  {
    method: 'GET',
    path: '/v1/billing/meters/:id',
    parameters: {},
    handler: ({ engine, ids }) => must(engine.state.meters, ids[0]!, 'billing.meter'),
  },
  {
    // As Stripe: only the display name changes; event name and formula are fixed at creation.
    method: 'POST',
    path: '/v1/billing/meters/:id',
    parameters: { display_name: str() },
    handler: ({ engine, ids, params }) => {
      const meter = must(engine.state.meters, ids[0]!, 'billing.meter');
      const name = params.str('display_name');
      if (name !== undefined) meter.display_name = name;
      meter.updated = engine.clock.now();
      emit(engine, 'billing.meter.updated', meter);
      return meter;
    },
  },
  {
    method: 'POST',
    path: '/v1/billing/meters/:id/deactivate',
    parameters: {},
    handler: ({ engine, ids }) => {
      const meter = must(engine.state.meters, ids[0]!, 'billing.meter');
      meter.status = 'inactive';
      meter.status_transitions = { deactivated_at: engine.clock.now() };
      return meter;
    },
  },
  {
    method: 'GET',
    path: '/v1/billing/meters',
    parameters: { ...PAGINATION, status: oneOf(['active', 'inactive']) },
    handler: ({ engine, params }) => {
      const status = params.str('status');
      const items = valuesOf(engine.state.meters).filter((m) => !status || m.status === status);
      return paginate(items, params, '/v1/billing/meters');
    },
  },
  {
    method: 'GET',
    path: '/v1/billing/meters/:id/event_summaries',
    parameters: {
      ...PAGINATION,
      customer: str({ required: true }),
      start_time: int({ required: true }),
      end_time: int({ required: true }),
      value_grouping_window: oneOf(['day', 'hour']),
    },
    handler: ({ engine, ids, params }) => {
      must(engine.state.meters, ids[0]!, 'billing.meter');
      const customer = params.str('customer');
      const start = params.int('start_time');
      const end = params.int('end_time');
      if (!customer) throw missingParam('customer');
      if (start === undefined) throw missingParam('start_time');
      if (end === undefined) throw missingParam('end_time');
      const grouping = params.str('value_grouping_window');
      return paginate(
        meterSummaries(engine, ids[0]!, customer, {
          start,
          end,
          ...(grouping ? { grouping } : {}),
        }),
        params,
        `/v1/billing/meters/${ids[0]}/event_summaries`,
      );
    },
  },
  {
    method: 'POST',
    path: '/v1/billing/meter_events',
    parameters: {
      event_name: str({ required: true }),
      payload: { type: 'metadata', required: true, note: 'string map' },
      identifier: str(),
      timestamp: int(),
    },
    handler: ({ engine, params }) => {
      const payload = params.obj('payload');
      if (!payload) throw missingParam('payload');
      const raw: Record<string, string> = {};
      for (const [k, v] of Object.entries(payload.raw)) raw[k] = String(v);
      return recordMeterEvent(engine, {
        event_name: params.str('event_name') ?? '',
        payload: raw,
        identifier: params.str('identifier'),
        timestamp: params.int('timestamp'),
      });
    },
  },
  {
    method: 'POST',
    path: '/v1/billing/meter_event_adjustments',
    parameters: {
      event_name: str({ required: true }),
      type: oneOf(['cancel'], { required: true }),
      cancel: hash({ identifier: str() }),
    },
    handler: ({ engine, params }) =>
      adjustMeterEvent(engine, {
        event_name: params.str('event_name') ?? '',
        type: 'cancel',
        identifier: params.obj('cancel')?.str('identifier'),
      }),
  },
];
