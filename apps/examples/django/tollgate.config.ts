/**
 * The Tollgate service beside the Django app (`pnpm tollgate serve --config
 * apps/examples/django/tollgate.config.ts`). Stripe, the webhook secret and the store come from
 * the environment (STRIPE_SECRET_KEY, STRIPE_API_BASE, STRIPE_WEBHOOK_SECRET, DATABASE_URL).
 */
import { definePlans } from '@tollgate/core';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`Set ${name} (see apps/examples/django/README.md).`);
  return value;
};
const djangoUrl = process.env.DJANGO_URL ?? 'http://127.0.0.1:8000';

export default {
  catalog: definePlans([
    { key: 'free', name: 'Free', free: true, entitlements: { reports: false } },
    {
      key: 'pro',
      name: 'Pro',
      features: ['Reports', 'Priority support'],
      entitlements: { reports: true },
      prices: {
        month: { lookupKey: 'django_pro_month', amount: 1500, currency: 'usd' },
        year: { lookupKey: 'django_pro_year', amount: 15000, currency: 'usd' },
      },
    },
  ]),
  // Redirects after checkout and the CSRF check use the Django app's origin.
  appUrl: djangoUrl,
  // Django signs a Tollgate-User header per request with this secret (shop/tollgate.py).
  auth: { signedHeader: { secrets: env('TOLLGATE_USER_SECRET').split(',') } },
  // Notifier hooks, as signed callbacks to Django (shop/views.py: billing_callback).
  callbacks: { url: `${djangoUrl}/billing/callbacks`, secret: env('TOLLGATE_CALLBACK_SECRET') },
};
