import type Stripe from 'stripe';
import { API_VERSION } from '../api-version.js';
import { newId } from '../ids.js';
import type { Engine } from './context.js';
import { endpointsFor } from './webhook-endpoints.js';

/** A deep copy through JSON (objects handed out must not alias state). */
export const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Emits an event with a snapshot of `object`; stored for `events.list` and published. */
export function emit(
  engine: Engine,
  type: Stripe.Event.Type,
  object: object,
  previous?: Record<string, unknown>,
): Stripe.Event {
  const event = {
    id: newId('evt'),
    object: 'event' as const,
    api_version: API_VERSION,
    created: engine.clock.now(),
    data: {
      object: clone(object),
      ...(previous && Object.keys(previous).length > 0
        ? { previous_attributes: clone(previous) }
        : {}),
    },
    livemode: false,
    pending_webhooks: endpointsFor(engine, type).length,
    request: engine.request ? { ...engine.request } : { id: null, idempotency_key: null },
    type,
  } as unknown as Stripe.Event;
  engine.state.events[event.id] = event;
  engine.bus.publish(event);
  return event;
}

/**
 * Applies `mutate` to `object` and returns the top-level fields it changed, with their
 * previous values (for `data.previous_attributes`).
 */
export function track<T extends object>(
  object: T,
  mutate: (o: T) => void,
): Record<string, unknown> {
  const before = clone(object) as Record<string, unknown>;
  mutate(object);
  const after = object as Record<string, unknown>;
  const previous: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      previous[key] = before[key] ?? null;
  }
  return previous;
}

/** Mutates `object` and emits `<type>` with previous attributes if anything changed. */
export function update<T extends object>(
  engine: Engine,
  type: Stripe.Event.Type,
  object: T,
  mutate: (o: T) => void,
): void {
  const previous = track(object, mutate);
  if (Object.keys(previous).length > 0) emit(engine, type, object, previous);
}
