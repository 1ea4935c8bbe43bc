import type Stripe from 'stripe';
import { invalidRequest, missingParam, StripeApiError } from '../errors.js';
import { newId, randomToken } from '../ids.js';
import { valuesOf } from '../state.js';
import type { Engine } from './context.js';
import { emit } from './emit.js';
import { takeMeterEventSlot } from './meter-rate.js';
import { DAY, must } from './util.js';

/** Parameters for {@link createMeter}. */
interface MeterInput {
  display_name: string;
  event_name: string;
  default_aggregation: { formula: Stripe.Billing.Meter.DefaultAggregation.Formula };
  customer_mapping?: { event_payload_key: string; type: 'by_id' };
  value_settings?: { event_payload_key: string };
}

/** Creates a billing meter; emits `billing.meter.created`. */
export function createMeter(engine: Engine, input: MeterInput): Stripe.Billing.Meter {
  if (!input.display_name) throw missingParam('display_name');
  if (!input.event_name) throw missingParam('event_name');
  if (!input.default_aggregation?.formula) throw missingParam('default_aggregation[formula]');
  if (
    valuesOf(engine.state.meters).some(
      (m) => m.event_name === input.event_name && m.status === 'active',
    )
  ) {
    throw invalidRequest(
      `An active meter with event_name \`${input.event_name}\` already exists.`,
      'event_name',
    );
  }
  const now = engine.clock.now();
  const meter = {
    id: newId('mtr'),
    object: 'billing.meter',
    created: now,
    customer_mapping: {
      event_payload_key: input.customer_mapping?.event_payload_key ?? 'stripe_customer_id',
      type: 'by_id',
    },
    default_aggregation: { formula: input.default_aggregation.formula },
    display_name: input.display_name,
    event_name: input.event_name,
    event_time_window: null,
    livemode: false,
    status: 'active',
    status_transitions: { deactivated_at: null },
    updated: now,
    value_settings: { event_payload_key: input.value_settings?.event_payload_key ?? 'value' },
  } satisfies Stripe.Billing.Meter;
  engine.state.meters[meter.id] = meter;
  emit(engine, 'billing.meter.created', meter);
  return meter;
}

/** Parameters for {@link recordMeterEvent}. */
interface MeterEventInput {
  event_name: string;
  payload: Record<string, string>;
  identifier?: string;
  timestamp?: number;
}

/**
 * Records a meter event. An `identifier` repeated within 24 hours answers 400 (not retryable),
 * as Stripe does (later, it is a new event); the timestamp must be within the last 35 days and
 * at most 5 minutes ahead.
 */
export function recordMeterEvent(
  engine: Engine,
  input: MeterEventInput,
): Stripe.Billing.MeterEvent {
  if (!input.event_name) throw missingParam('event_name');
  if (!input.payload) throw missingParam('payload');
  const meter = valuesOf(engine.state.meters).find(
    (m) => m.event_name === input.event_name && m.status === 'active',
  );
  if (!meter)
    throw invalidRequest(
      `No active meter found for event_name \`${input.event_name}\`.`,
      'event_name',
    );
  const customer = input.payload[meter.customer_mapping.event_payload_key];
  if (!customer) throw missingParam(`payload[${meter.customer_mapping.event_payload_key}]`);
  must(
    engine.state.customers,
    customer,
    'customer',
    `payload[${meter.customer_mapping.event_payload_key}]`,
  );
  const raw = input.payload[meter.value_settings.event_payload_key] ?? '1';
  const value = Number(raw);
  // Stripe: "The numerical usage value in the payload only accepts whole number values."
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value)) {
    throw invalidRequest(
      `payload[${meter.value_settings.event_payload_key}] must be a whole number, got \`${raw}\`.`,
      `payload[${meter.value_settings.event_payload_key}]`,
    );
  }
  const now = engine.clock.now();
  const timestamp = input.timestamp ?? now;
  if (timestamp < now - 35 * DAY || timestamp > now + 300) {
    throw invalidRequest(
      'Timestamp must be within the past 35 calendar days and no more than 5 minutes in the future.',
      'timestamp',
    );
  }
  takeMeterEventSlot(engine);
  const identifier = input.identifier ?? randomToken(20);
  const seen = engine.state.meterEvents[identifier];
  if (seen && seen.created > now - DAY) {
    throw new StripeApiError(400, {
      type: 'invalid_request_error',
      code: 'duplicate_meter_event',
      message: `An event already exists with identifier ${identifier}.`,
      param: 'identifier',
    });
  }
  // Stripe keeps an identifier unique for 24 hours only: the older event under it still counts,
  // and this one is another event.
  if (seen) engine.state.meterEvents[`${identifier}@${seen.created}`] = seen;
  engine.state.meterEvents[identifier] = {
    event_name: input.event_name,
    identifier,
    customer,
    value,
    timestamp,
    created: now,
  };
  return {
    object: 'billing.meter_event',
    created: now,
    event_name: input.event_name,
    identifier,
    livemode: false,
    payload: input.payload,
    timestamp,
  } satisfies Stripe.Billing.MeterEvent;
}

/** Parameters for {@link adjustMeterEvent}. */
interface AdjustmentInput {
  event_name: string;
  type: 'cancel';
  identifier: string | undefined;
}

/**
 * A meter event adjustment: cancels one event by identifier, which Stripe allows within 24 hours
 * of receiving it. Stripe answers `status: pending` and applies it asynchronously; the emulator
 * applies it at once (summaries and invoices stop counting the event) and answers as Stripe does.
 */
export function adjustMeterEvent(
  engine: Engine,
  input: AdjustmentInput,
): Stripe.Billing.MeterEventAdjustment {
  if (!input.identifier) throw missingParam('cancel[identifier]');
  const event = engine.state.meterEvents[input.identifier];
  if (!event || event.event_name !== input.event_name) {
    throw invalidRequest(
      `No meter event with identifier \`${input.identifier}\` exists for event_name \`${input.event_name}\`.`,
      'cancel[identifier]',
    );
  }
  if (event.created <= engine.clock.now() - DAY) {
    throw invalidRequest(
      `The meter event \`${input.identifier}\` can no longer be canceled: events can only be canceled within 24 hours of Stripe receiving them.`,
      'cancel[identifier]',
    );
  }
  event.canceled = true;
  return {
    object: 'billing.meter_event_adjustment',
    cancel: { identifier: input.identifier },
    event_name: input.event_name,
    livemode: false,
    status: 'pending',
    type: 'cancel',
  } satisfies Stripe.Billing.MeterEventAdjustment;
}
