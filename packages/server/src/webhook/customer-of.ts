import type Stripe from 'stripe';

/**
 * The Stripe customer an event is about, or null when it is not customer-scoped (prices,
 * products, meters…). Only the id is taken from the event: state is always re-read.
 */
export function customerOf(event: Stripe.Event): string | null {
  const object = event.data.object as unknown as {
    object?: string;
    id?: string;
    customer?: unknown;
  };
  if (object.object === 'customer') return typeof object.id === 'string' ? object.id : null;
  const customer = object.customer;
  if (typeof customer === 'string') return customer;
  if (
    customer &&
    typeof customer === 'object' &&
    typeof (customer as { id?: unknown }).id === 'string'
  ) {
    return (customer as { id: string }).id;
  }
  return null;
}

/** Events that change the live catalog prices. */
export function touchesCatalog(type: string): boolean {
  return type.startsWith('price.') || type.startsWith('product.');
}
