/** Where the demo gets Stripe and its database from. */
export type DemoBackend =
  | { stripe: 'emulator'; database: 'pglite' | { url: string } }
  | {
      stripe: 'live';
      secretKey: string;
      webhookSecret: string;
      /** `STRIPE_PUBLISHABLE_KEY`, optional: stripe.js confirms 3D Secure in the app with it. */
      publishableKey?: string;
      database: { url: string };
    };

/** A combination of environment variables the demo cannot run with; the message says what to set. */
export class DemoConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'DemoConfigError';
  }
}

/**
 * Reads the environment. Nothing set: the offline demo (emulator + PGlite). `DATABASE_URL` alone:
 * the emulator with your PostgreSQL. `STRIPE_SECRET_KEY` + `STRIPE_WEBHOOK_SECRET` +
 * `DATABASE_URL`: real Stripe test mode and PostgreSQL.
 */
export function readBackend(env: Record<string, string | undefined>): DemoBackend {
  const secretKey = env.STRIPE_SECRET_KEY?.trim() || undefined;
  const webhookSecret = env.STRIPE_WEBHOOK_SECRET?.trim() || undefined;
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  const publishableKey = env.STRIPE_PUBLISHABLE_KEY?.trim() || undefined;
  if (!secretKey && !webhookSecret) {
    return { stripe: 'emulator', database: databaseUrl ? { url: databaseUrl } : 'pglite' };
  }
  const missing = [
    secretKey ? null : 'STRIPE_SECRET_KEY (sk_test_… from the dashboard)',
    webhookSecret ? null : 'STRIPE_WEBHOOK_SECRET (whsec_… printed by `stripe listen`)',
    databaseUrl ? null : 'DATABASE_URL (postgres://…)',
  ].filter(Boolean);
  if (missing.length > 0) {
    throw new DemoConfigError(
      `To run against real Stripe also set ${missing.join(', ')} — or unset the Stripe variables for the offline demo.`,
    );
  }
  if (secretKey!.startsWith('sk_live_') || secretKey!.startsWith('rk_live_')) {
    throw new DemoConfigError(
      'STRIPE_SECRET_KEY is a live-mode key — the demo only runs in test mode; use an sk_test_… key.',
    );
  }
  return {
    stripe: 'live',
    secretKey: secretKey!,
    webhookSecret: webhookSecret!,
    ...(publishableKey ? { publishableKey } : {}),
    database: { url: databaseUrl! },
  };
}
