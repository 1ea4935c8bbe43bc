import type { BillingUser } from '../config';
import type { BillingContext } from '../context';

/** Prefix of the customer creation's idempotency key; the user id follows it. */
const CUSTOMER_KEY = 'tollgate-customer-';

/**
 * What Stripe takes of a user on their customer: the id goes into an idempotency key (at most
 * 255 characters) and `metadata.userId` (500), the email is at most 512 characters, the name 256.
 */
export const STRIPE_USER_LIMITS = { id: 255 - CUSTOMER_KEY.length, email: 512, name: 256 } as const;

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
    { idempotencyKey: `${CUSTOMER_KEY}${user.id}` },
  );
  const customerId = await ctx.store.linkCustomer(user.id, customer.id, user.email);
  return { customerId, hasHadTrial: existing?.hasHadTrial ?? false };
}
