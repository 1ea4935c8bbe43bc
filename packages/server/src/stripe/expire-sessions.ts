import type Stripe from 'stripe';

/**
 * Leaves a customer at most one open Checkout Session: every open one but the newest is
 * expired, so a second tab's checkout cannot also be paid. Two concurrent calls agree on which
 * one is newest, so they never expire each other's; a session completed or expired meanwhile
 * answers 400 and is skipped.
 */
export async function expireOtherSessions(stripe: Stripe, customer: string): Promise<void> {
  const open = await stripe.checkout.sessions.list({ customer, status: 'open', limit: 100 });
  // Stripe lists newest first (creation order, also within one second): keep the first.
  const [, ...older] = open.data;
  await Promise.all(
    older.map((session) =>
      stripe.checkout.sessions.expire(session.id).catch((error: { statusCode?: number }) => {
        if (error.statusCode !== 400) throw error;
      }),
    ),
  );
}
