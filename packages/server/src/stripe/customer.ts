import type { BillingUser } from '../config';
import type { BillingContext } from '../context';

/**
 * The user's Stripe customer, created on first need. The creation carries an idempotency key
 * derived from the user id, so concurrent clicks get the same customer from Stripe, and the
 * store keeps the first link.
 */
export async function customerFor(ctx: BillingContext, user: BillingUser): Promise<string> {
  const existing = await ctx.store.customerForUser(user.id);
  if (existing?.customerId) return existing.customerId;
  const customer = await ctx.stripe.customers.create(
    {
      email: user.email,
      ...(user.name ? { name: user.name } : {}),
      metadata: { userId: user.id },
    },
    { idempotencyKey: `tollgate-customer-${user.id}` },
  );
  return ctx.store.linkCustomer(user.id, customer.id, user.email);
}
