import { type Billing, createBilling, stripeFromEnv } from '@tollgate/server';
import { requireEnv } from '../../shared/env';
import { plans } from '../../shared/plans';
import { userFromHeader } from '../../shared/session';

let billing: Billing | undefined;

/**
 * The app's billing server, built on first use (not at import, so `next build` needs no secrets).
 * Swap `userFromHeader` for your auth, e.g. `async () => (await auth())?.user ?? null`.
 */
export function getBilling(): Billing {
  if (!billing) {
    const env = requireEnv(['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'APP_URL']);
    billing = createBilling({
      stripe: stripeFromEnv(process.env),
      webhookSecret: env.STRIPE_WEBHOOK_SECRET,
      // PostgreSQL when DATABASE_URL is set, else embedded PGlite in ./.tollgate/pglite.
      store: process.env.DATABASE_URL,
      appUrl: env.APP_URL,
      catalog: plans,
      getUser: userFromHeader,
    });
  }
  return billing;
}

/** Uses `next` instead of the environment's billing server (tests: the emulator and PGlite). */
export function setBilling(next: Billing): void {
  billing = next;
}
