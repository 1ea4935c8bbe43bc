import type Stripe from 'stripe';

/** Receives every event the emulator emits, in emission order. */
export type EventListener = (event: Stripe.Event) => void;

/** The in-process event bus: the webhook deliverer and tests subscribe to it. */
export interface EventBus {
  /** Subscribes; returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void;
  /** Sends `event` to every subscriber (a throwing subscriber does not stop the others). */
  publish(event: Stripe.Event): void;
}

/** Creates an event bus. */
export function createEventBus(): EventBus {
  const listeners = new Set<EventListener>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    publish(event) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    },
  };
}
