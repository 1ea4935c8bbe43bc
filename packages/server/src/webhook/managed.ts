import type Stripe from 'stripe';
import type { Store } from '../store/store';
import type { ReadBudget } from '../sync/budget';

/** How many managed customer ids a process remembers (each saves a lookup per event). */
const CACHE_SIZE = 10_000;

/**
 * Whether Tollgate manages a Stripe customer: the store links it to a user, or its Stripe
 * `metadata.userId` names one (a customer Tollgate created, or one `reconcile` would adopt). A
 * Stripe account is shared with other products and with history from before Tollgate: events
 * about any other customer — or about one Stripe does not know — are not Tollgate's business.
 * Answers from the store and the first Stripe read are remembered per process, and concurrent
 * checks of one customer share one lookup.
 */
export function createManagedCheck(store: Store, stripe: Stripe, budget: ReadBudget) {
  const known = new Set<string>();
  /** Checks in flight: a burst of events about one new customer shares one lookup. */
  const checking = new Map<string, Promise<boolean>>();
  return function manages(customerId: string): Promise<boolean> {
    if (known.has(customerId)) return Promise.resolve(true);
    let check = checking.get(customerId);
    if (!check) {
      check = lookup(customerId).finally(() => checking.delete(customerId));
      checking.set(customerId, check);
    }
    return check;
  };

  async function lookup(customerId: string): Promise<boolean> {
    let managed = (await store.userForCustomer(customerId)) !== null;
    if (!managed) {
      const customer = await budget
        .run(() => stripe.customers.retrieve(customerId))
        .catch((error: unknown) => {
          if ((error as { code?: unknown }).code === 'resource_missing') return null;
          throw error;
        });
      managed =
        customer !== null &&
        !('deleted' in customer && customer.deleted) &&
        Boolean((customer as Stripe.Customer).metadata?.userId);
    }
    if (managed) {
      if (known.size >= CACHE_SIZE) known.delete(known.values().next().value as string);
      known.add(customerId);
    }
    return managed;
  }
}
