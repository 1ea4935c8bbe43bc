// Size budget of @tollgate/react, minified + gzipped, measured from the built `dist` as an app's
// bundler sees it (test/budgets: a fresh Vite build per entry): what a browser downloads for a
// first install, @tollgate/core (rules and formatting; no schemas: the browser ships no
// response validator) included. Always external: what a host app already ships (react, react-dom,
// TanStack Query, Stripe's SDKs). `pnpm sizes` rewrites the README tables from these checks.
const entry = (name, imports, limit) => ({
  name,
  path: 'dist/index.js',
  import: imports,
  gzip: true,
  limit,
});

export default [
  // 17 kB (was 15): UsageMeter, useUsage and the usage labels and rules (+1.6 kB), on top of
  // what seats and discounts added since (measured 16.53 kB).
  // 18.5 kB (was 17): seats, discounts and tax (issue 16) measured 18.2 kB (+1.65 kB): the seat
  // stepper, the preview's subtotal/discount/tax/total rows, per-seat and discounted prices and
  // their labels.
  // 18.75 kB (was 18.5): a change on a subscription set to end says to keep it first and offers
  // "Keep subscription" in place, instead of the server's refusal (measured 18.67 kB).
  entry('whole package (core bundled)', '*', '18.75 kB'),
  entry(
    'BillingProvider + hooks',
    '{ BillingProvider, useBillingStatus, usePlans, usePreview, useCheckout, useChangePlan, useCancel, useResume, usePortal, useEntitlement }',
    '8 kB',
  ),
  entry(
    'PricingTable (incl. the plan-change dialog, provider)',
    '{ BillingProvider, PricingTable }',
    // 13.5 kB (was 13): the shared label table gained the usage labels (measured 13.03 kB).
    // 15 kB (was 13.5): measured 14.74 kB with the seat stepper, discount line and taxed previews.
    // 15.25 kB (was 15): the dialog's "keep your subscription first" state (measured 15.17 kB).
    '15.25 kB',
  ),
  // 10.5 kB (was 10): the shared label table gained the usage labels (measured 10.2 kB).
  // 11.75 kB (was 10.5): measured 11.43 kB with the seat stepper and the discount/tax rows.
  // 12 kB (was 11.75): the "keep your subscription first" state (measured 11.81 kB).
  entry('PlanSwitcher (with provider)', '{ BillingProvider, PlanSwitcher }', '12 kB'),
  entry(
    'BillingStatusBanner (with provider)',
    '{ BillingProvider, BillingStatusBanner }',
    '9.5 kB',
  ),
  // 8 kB, not 7.5: measured from dist through Vite it is ~0.5 kB above the old esbuild-from-src figure.
  entry('FeatureGate (with provider)', '{ BillingProvider, FeatureGate }', '8 kB'),
  entry('UsageMeter (with provider)', '{ BillingProvider, UsageMeter }', '8.5 kB'),
];
