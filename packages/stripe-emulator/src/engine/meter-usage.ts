import type Stripe from 'stripe';
import { invalidRequest } from '../errors.js';
import { valuesOf } from '../state.js';
import type { Engine } from './context.js';
import { DAY } from './util.js';

const HOUR = 3600;

/**
 * Aggregated usage of `meterId` for a customer in `[start, end)` by the meter's formula: `sum`
 * of values, `count` of events, or the `last` event's value (latest timestamp). Canceled events
 * do not count, nor events received after `receivedBy` (unix seconds) when given.
 */
export function usageFor(
  engine: Engine,
  meterId: string,
  customer: string,
  start: number,
  end: number,
  receivedBy = Number.POSITIVE_INFINITY,
): number {
  const meter = engine.state.meters[meterId];
  if (!meter) return 0;
  const events = valuesOf(engine.state.meterEvents).filter(
    (e) =>
      !e.canceled &&
      e.event_name === meter.event_name &&
      e.customer === customer &&
      e.timestamp >= start &&
      e.timestamp < end &&
      e.created <= receivedBy,
  );
  const formula = meter.default_aggregation.formula;
  if (formula === 'count') return events.length;
  if (formula === 'last') {
    let last: (typeof events)[number] | undefined;
    for (const e of events) if (!last || e.timestamp >= last.timestamp) last = e;
    return last?.value ?? 0;
  }
  return events.reduce((sum, e) => sum + e.value, 0);
}

/** The window length of `value_grouping_window`, or the whole range without one. */
function windowLength(grouping: string | undefined, start: number, end: number): number {
  if (start % 60 !== 0 || end % 60 !== 0) {
    throw invalidRequest(
      'start_time and end_time must be aligned with minute boundaries.',
      start % 60 !== 0 ? 'start_time' : 'end_time',
    );
  }
  if (end <= start) throw invalidRequest('end_time must be after start_time.', 'end_time');
  if (grouping === undefined) return end - start;
  const length = grouping === 'day' ? DAY : HOUR;
  if (start % length !== 0 || end % length !== 0) {
    throw invalidRequest(
      grouping === 'day'
        ? 'With value_grouping_window=day, start_time and end_time must be aligned with UTC day boundaries (00:00 UTC).'
        : 'With value_grouping_window=hour, start_time and end_time must be aligned with hour boundaries.',
      start % length !== 0 ? 'start_time' : 'end_time',
    );
  }
  return length;
}

/**
 * Meter event summaries (`billing.meters.listEventSummaries`): one for `[start, end)`, or one per
 * hour/day with `value_grouping_window`, oldest first (the list pages them newest first, as
 * Stripe does). Events received in the last `meterSummaryDelaySeconds` are not aggregated yet.
 */
export function meterSummaries(
  engine: Engine,
  meterId: string,
  customer: string,
  range: { start: number; end: number; grouping?: string },
): Stripe.Billing.MeterEventSummary[] {
  const length = windowLength(range.grouping, range.start, range.end);
  const delay = engine.config.meterSummaryDelaySeconds ?? 0;
  const receivedBy = delay > 0 ? engine.clock.now() - delay : Number.POSITIVE_INFINITY;
  const summaries: Stripe.Billing.MeterEventSummary[] = [];
  for (let from = range.start; from < range.end; from += length) {
    summaries.push({
      id: `mtrusg_${meterId.slice(4)}_${customer.slice(4)}_${from}_${length}`,
      object: 'billing.meter_event_summary',
      aggregated_value: usageFor(engine, meterId, customer, from, from + length, receivedBy),
      end_time: from + length,
      livemode: false,
      meter: meterId,
      start_time: from,
    } satisfies Stripe.Billing.MeterEventSummary);
  }
  return summaries;
}
