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
  entry('whole package (core bundled)', '*', '15 kB'),
  entry(
    'BillingProvider + hooks',
    '{ BillingProvider, useBillingStatus, usePlans, usePreview, useCheckout, useChangePlan, useCancel, useResume, usePortal, useEntitlement }',
    '8 kB',
  ),
  entry(
    'PricingTable (incl. the plan-change dialog, provider)',
    '{ BillingProvider, PricingTable }',
    '13 kB',
  ),
  entry('PlanSwitcher (with provider)', '{ BillingProvider, PlanSwitcher }', '10 kB'),
  entry(
    'BillingStatusBanner (with provider)',
    '{ BillingProvider, BillingStatusBanner }',
    '9.5 kB',
  ),
  // 8 kB, not 7.5: measured from dist through Vite it is ~0.5 kB above the old esbuild-from-src figure.
  entry('FeatureGate (with provider)', '{ BillingProvider, FeatureGate }', '8 kB'),
];
