import type { BillingUser } from '../config';
import type { BillingContext } from '../context';

/** The user's Stripe customer, and whether the store remembers a trial for this user. */
export interface UserCustomer {
  customerId: string;
  hasHadTrial: boolean;
}

/**
 * The user's Stripe customer, created on first need. The creation carries an idempotency key
 * derived from the user id, so concurrent clicks get the same customer from Stripe, and the
 * store keeps the first link. One read of the user's row answers both the link and the trial flag.
 */
export async function customerFor(ctx: BillingContext, user: BillingUser): Promise<UserCustomer> {
  const existing = await ctx.store.customerForUser(user.id);
  if (existing?.customerId) {
    return { customerId: existing.customerId, hasHadTrial: existing.hasHadTrial };
  }
  const customer = await ctx.stripe.customers.create(
    {
      email: user.email,
      ...(user.name ? { name: user.name } : {}),
      metadata: { userId: user.id },
    },
    { idempotencyKey: `tollgate-customer-${user.id}` },
  );
  const customerId = await ctx.store.linkCustomer(user.id, customer.id, user.email);
  return { customerId, hasHadTrial: existing?.hasHadTrial ?? false };
}
